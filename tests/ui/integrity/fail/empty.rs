//! A policy that names no destination blocks nothing.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {

};

fn main() {
    let _ = POLICY.as_str();
}

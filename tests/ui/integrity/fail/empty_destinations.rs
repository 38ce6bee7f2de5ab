//! An empty list of destinations blocks nothing.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (),
};

fn main() {
    let _ = POLICY.as_str();
}

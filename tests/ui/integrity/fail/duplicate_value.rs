//! A value listed twice.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script script),
};

fn main() {
    let _ = POLICY.as_str();
}

//! List members are separated by spaces, as in the header.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script, style),
};

fn main() {
    let _ = POLICY.as_str();
}

//! A key the header does not have.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script),
    report-to: (integrity),
};

fn main() {
    let _ = POLICY.as_str();
}

//! `inline` is the only source.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script),
    sources: (inline manifest),
};

fn main() {
    let _ = POLICY.as_str();
}

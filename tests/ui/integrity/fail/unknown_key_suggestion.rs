//! A misspelled key, with the nearest one.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destination: (script),
};

fn main() {
    let _ = POLICY.as_str();
}

//! Endpoint names are lowercase, as `Reporting-Endpoints` declares them.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script),
    endpoints: (Integrity),
};

fn main() {
    let _ = POLICY.as_str();
}

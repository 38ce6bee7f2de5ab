//! Endpoints alone block nothing: `blocked-destinations` is needed.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    endpoints: (integrity),
};

fn main() {
    let _ = POLICY.as_str();
}

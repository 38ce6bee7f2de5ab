//! `upgrade-insecure-requests` takes no value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    upgrade-insecure-requests: self,
};

fn main() {
    let _ = POLICY.as_str();
}

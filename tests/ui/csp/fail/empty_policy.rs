//! A policy needs at least one directive.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {};

fn main() {
    let _ = POLICY.as_str();
}

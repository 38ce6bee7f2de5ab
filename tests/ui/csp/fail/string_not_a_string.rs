//! A literal that is not a string.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(42);

fn main() {
    let _ = POLICY.as_str();
}

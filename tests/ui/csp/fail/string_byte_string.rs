//! A byte string is not the string form.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(b"default-src 'self'");

fn main() {
    let _ = POLICY.as_str();
}

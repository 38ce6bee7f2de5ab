//! In the string form (header text), a directive name takes no colon.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!("default-src: 'self'");

fn main() {
    let _ = POLICY.as_str();
}

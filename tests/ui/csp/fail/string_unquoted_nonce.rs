//! In the string form, a nonce without its quotes is a host name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!("script-src 'nonce' nonce-abc");

fn main() {
    let _ = POLICY.as_str();
}

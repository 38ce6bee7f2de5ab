//! In the string form, a hash without its quotes is a host name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!("script-src 'nonce' sha256-mqWnL2QsT3KiTd3kA7m8cD1fC3bHo9lzZpJ0tTzH4zQ=");

fn main() {
    let _ = POLICY.as_str();
}

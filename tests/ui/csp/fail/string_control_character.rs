//! A control character in the string, escaped in the message.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(
    "default-src 'self'\r\nX-Injected: 1"
);

fn main() {
    let _ = POLICY.as_str();
}

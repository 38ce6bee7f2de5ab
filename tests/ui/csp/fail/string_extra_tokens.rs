//! The string holds the whole policy: nothing may follow it.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(
    "default-src 'self'", img-src: data:
);

fn main() {
    let _ = POLICY.as_str();
}

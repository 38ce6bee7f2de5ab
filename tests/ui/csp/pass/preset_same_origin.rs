//! `..same-origin` alone.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..same-origin
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'self'"
    );
}

//! In a `static`.

static POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    frame-ancestors: none,
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "default-src 'self'; frame-ancestors 'none'");
    assert_eq!(
        POLICY.as_static_str(),
        Some("default-src 'self'; frame-ancestors 'none'")
    );
}

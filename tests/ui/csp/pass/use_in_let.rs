//! In a `let`, with a preset.

pub fn main() {
    let policy: secure_http::ContentSecurityPolicy = secure_http::csp! {
        ..same-origin,
        object-src: none,
    };
    assert_eq!(policy.as_str(), "default-src 'self'; object-src 'none'");
}

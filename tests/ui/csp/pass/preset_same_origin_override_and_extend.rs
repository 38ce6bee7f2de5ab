//! `..same-origin` with `default-src` replaced and `img-src` appended.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..same-origin,
    default-src: self "https://cdn.example.com",
    img-src: self data:,
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'self' https://cdn.example.com; img-src 'self' data:"
    );
}

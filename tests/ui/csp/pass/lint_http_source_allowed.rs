//! With `#![allow(http_source)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(http_source)]
    default-src: none,
    img-src: "http://img.example.com"
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "default-src 'none'; img-src http://img.example.com");
}

//! With `#![allow(ip_source)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(ip_source)]
    default-src: none,
    img-src: "192.168.1.10:8080"
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "default-src 'none'; img-src 192.168.1.10:8080");
}

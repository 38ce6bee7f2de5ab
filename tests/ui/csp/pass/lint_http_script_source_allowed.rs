//! With `#![allow(http_script_source)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(http_script_source)]
    object-src: none,
    script-src: "http://cdn.example.com"
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "object-src 'none'; script-src http://cdn.example.com");
}

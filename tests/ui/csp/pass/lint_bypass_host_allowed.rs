//! With `#![allow(bypass_host)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(bypass_host)]
    object-src: none,
    script-src: "https://ajax.googleapis.com"
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "object-src 'none'; script-src https://ajax.googleapis.com");
}

//! With `#![allow(unsafe_inline)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(unsafe_inline)]
    object-src: none,
    script-src: self unsafe-inline
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "object-src 'none'; script-src 'self' 'unsafe-inline'");
}

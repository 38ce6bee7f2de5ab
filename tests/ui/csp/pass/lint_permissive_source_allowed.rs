//! With `#![allow(permissive_source)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(permissive_source)]
    object-src: none,
    script-src: https:
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "object-src 'none'; script-src https:");
}

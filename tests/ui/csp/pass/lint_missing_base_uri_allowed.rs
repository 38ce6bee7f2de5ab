//! With `#![allow(missing_base_uri)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(missing_base_uri)]
    object-src: none,
    script-src: nonce strict-dynamic
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "object-src 'none'; script-src 'nonce' 'strict-dynamic'");
}

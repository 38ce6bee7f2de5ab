//! With `#![allow(missing_object_src)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(missing_object_src)]
    script-src: nonce strict-dynamic,
    base-uri: none
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "script-src 'nonce' 'strict-dynamic'; base-uri 'none'");
}

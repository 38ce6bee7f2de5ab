//! With `#![allow(unsafe_eval)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(unsafe_eval)]
    object-src: none,
    base-uri: none,
    script-src: nonce strict-dynamic unsafe-eval
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "object-src 'none'; base-uri 'none'; script-src 'nonce' 'strict-dynamic' 'unsafe-eval'");
}

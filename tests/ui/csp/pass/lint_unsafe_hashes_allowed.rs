//! With `#![allow(unsafe_hashes)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(unsafe_hashes)]
    object-src: none,
    script-src: unsafe-hashes sha256("doSomething()")
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "object-src 'none'; script-src 'unsafe-hashes' 'sha256-bnQkgwAfjTxnZSlFxZe1ogJadBHLnRuuL54WC+v+tMY='");
}

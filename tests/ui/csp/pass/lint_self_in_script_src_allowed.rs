//! With `#![allow(self_in_script_src)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(self_in_script_src)]
    default-src: none,
    script-src: self
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "default-src 'none'; script-src 'self'");
}

//! With `#![allow(missing_script_src)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(missing_script_src)]
    img-src: self,
    object-src: none
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "img-src 'self'; object-src 'none'");
}

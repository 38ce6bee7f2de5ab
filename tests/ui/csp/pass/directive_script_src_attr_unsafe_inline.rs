//! `script-src-attr: unsafe-inline`, with the lint it trips allowed.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(unsafe_inline)]
    script-src-attr: unsafe-inline
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src-attr 'unsafe-inline'"
    );
}

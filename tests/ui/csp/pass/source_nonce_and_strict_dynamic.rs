//! `strict-dynamic` with a nonce.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: nonce strict-dynamic
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'nonce' 'strict-dynamic'"
    );
}

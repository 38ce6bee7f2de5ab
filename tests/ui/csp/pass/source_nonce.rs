//! `nonce` asks the middleware for a fresh nonce per response; printed as `'nonce'`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: nonce
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'nonce'"
    );
}

//! `style-src` with the keywords meaningful there and a nonce.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    style-src: self unsafe-inline unsafe-hashes report-sample nonce
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "style-src 'self' 'unsafe-inline' 'unsafe-hashes' 'report-sample' 'nonce'"
    );
}

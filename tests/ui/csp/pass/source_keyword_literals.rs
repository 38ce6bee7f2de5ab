//! Keywords and the nonce written as strings in header syntax.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "'self'" "'unsafe-inline'" "'nonce'" "'strict-dynamic'"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'self' 'unsafe-inline' 'nonce' 'strict-dynamic'"
    );
}

//! `base-uri: none`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    base-uri: none
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "base-uri 'none'"
    );
}

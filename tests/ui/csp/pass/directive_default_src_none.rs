//! `default-src: none`, the usual start of a strict policy.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: none
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'none'"
    );
}

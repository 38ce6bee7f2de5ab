//! `object-src: none`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    object-src: none
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "object-src 'none'"
    );
}

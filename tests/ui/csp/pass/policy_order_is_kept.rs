//! Directives come out in the order written, not sorted.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    style-src: self, connect-src: self, base-uri: none, default-src: none
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "style-src 'self'; connect-src 'self'; base-uri 'none'; default-src 'none'"
    );
}

//! `frame-ancestors` with self, a scheme and a wildcard host.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    frame-ancestors: self https: "https://*.example.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "frame-ancestors 'self' https: https://*.example.com"
    );
}

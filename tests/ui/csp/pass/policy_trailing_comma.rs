//! A trailing comma after the last directive.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    object-src: none,
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'self'; object-src 'none'"
    );
}

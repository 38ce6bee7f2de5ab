//! A trailing comma after a valueless directive.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    block-all-mixed-content,
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'self'; block-all-mixed-content"
    );
}

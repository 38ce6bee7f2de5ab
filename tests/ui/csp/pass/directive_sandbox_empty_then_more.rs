//! A bare `sandbox` followed by another directive.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    sandbox, default-src: self
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "sandbox; default-src 'self'"
    );
}

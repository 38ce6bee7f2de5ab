//! `base-uri`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    base-uri: self
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "base-uri 'self'"
    );
}

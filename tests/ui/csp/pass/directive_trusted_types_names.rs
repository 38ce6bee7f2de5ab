//! `trusted-types` with policy names, bare and as strings.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    trusted-types: dompurify default "my-policy#1"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "trusted-types dompurify default my-policy#1"
    );
}

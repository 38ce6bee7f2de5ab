//! `trusted-types` with a name and `allow-duplicates`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    trusted-types: dompurify allow-duplicates
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "trusted-types dompurify 'allow-duplicates'"
    );
}

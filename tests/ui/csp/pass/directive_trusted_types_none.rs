//! `trusted-types: none` forbids creating policies.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    trusted-types: none
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "trusted-types 'none'"
    );
}

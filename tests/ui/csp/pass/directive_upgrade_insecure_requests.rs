//! `upgrade-insecure-requests` takes no value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    upgrade-insecure-requests
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "upgrade-insecure-requests"
    );
}

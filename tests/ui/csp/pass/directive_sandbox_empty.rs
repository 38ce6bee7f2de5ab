//! A bare `sandbox`: every restriction, no flag.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    sandbox
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "sandbox"
    );
}

//! `sandbox` with one flag.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    sandbox: allow-scripts
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "sandbox allow-scripts"
    );
}

//! A bare `sandbox` followed by another directive.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    sandbox, default-src: self
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "sandbox; default-src 'self'"
    );
}

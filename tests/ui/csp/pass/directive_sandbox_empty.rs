//! A bare `sandbox`: every restriction, no flag.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    sandbox
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "sandbox"
    );
}

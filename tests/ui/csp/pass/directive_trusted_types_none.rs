//! `trusted-types: none` forbids creating policies.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    trusted-types: none
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "trusted-types 'none'"
    );
}

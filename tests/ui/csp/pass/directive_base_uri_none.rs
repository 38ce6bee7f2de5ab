//! `base-uri: none`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    base-uri: none
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "base-uri 'none'"
    );
}

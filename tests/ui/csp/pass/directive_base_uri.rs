//! `base-uri`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    base-uri: self
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "base-uri 'self'"
    );
}

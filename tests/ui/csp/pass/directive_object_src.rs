//! `object-src: none`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    object-src: none
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "object-src 'none'"
    );
}

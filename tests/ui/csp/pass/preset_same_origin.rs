//! `..same-origin` alone.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    ..same-origin
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'self'"
    );
}

//! `manifest-src`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    manifest-src: self
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "manifest-src 'self'"
    );
}

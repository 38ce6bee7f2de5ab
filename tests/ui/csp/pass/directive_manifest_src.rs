//! `manifest-src`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    manifest-src: self
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "manifest-src 'self'"
    );
}

//! `child-src` with self, a scheme and a host.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    child-src: self blob: "https://frames.example.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "child-src 'self' blob: https://frames.example.com"
    );
}

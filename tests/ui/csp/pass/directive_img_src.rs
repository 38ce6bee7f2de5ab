//! `img-src` with self, schemes and a host.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: self data: blob: "https://img.example.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "img-src 'self' data: blob: https://img.example.com"
    );
}

//! `media-src`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    media-src: self blob: mediastream: "https://media.example.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "media-src 'self' blob: mediastream: https://media.example.com"
    );
}

//! `frame-src`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    frame-src: self "https://www.youtube-nocookie.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "frame-src 'self' https://www.youtube-nocookie.com"
    );
}

//! `"*"` as a string is the same host source as `*`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    media-src: "*" data:
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "media-src * data:"
    );
}

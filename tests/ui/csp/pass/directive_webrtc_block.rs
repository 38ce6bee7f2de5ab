//! `webrtc: block`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    webrtc: block
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "webrtc 'block'"
    );
}

//! `webrtc: allow`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    webrtc: allow
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "webrtc 'allow'"
    );
}

//! `webrtc: allow`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    webrtc: allow
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "webrtc 'allow'"
    );
}

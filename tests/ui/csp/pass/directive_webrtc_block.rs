//! `webrtc: block`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    webrtc: block
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "webrtc 'block'"
    );
}

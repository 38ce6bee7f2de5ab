//! `webrtc: block`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    webrtc: block
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "webrtc 'block'"
    );
}

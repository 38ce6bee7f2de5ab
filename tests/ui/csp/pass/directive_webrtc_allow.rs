//! `webrtc: allow`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    webrtc: allow
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "webrtc 'allow'"
    );
}

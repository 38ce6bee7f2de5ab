//! `webrtc` accepts only `allow` or `block`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    webrtc: deny
};

fn main() {
    let _ = POLICY.as_str();
}

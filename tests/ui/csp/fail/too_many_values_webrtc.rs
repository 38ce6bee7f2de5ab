//! `webrtc` takes one value.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    webrtc: allow block
};

fn main() {
    let _ = POLICY.as_str();
}

//! `webrtc` takes one value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    webrtc: allow block
};

fn main() {
    let _ = POLICY.as_str();
}

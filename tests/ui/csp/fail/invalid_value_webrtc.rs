//! `webrtc` accepts only `allow` or `block`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    webrtc: deny
};

fn main() {
    let _ = POLICY.as_str();
}

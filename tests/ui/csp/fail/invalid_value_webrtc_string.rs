//! `webrtc` takes its keyword bare: the string "allow" is not the keyword.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    webrtc: "allow"
};

fn main() {
    let _ = POLICY.as_str();
}

//! A scheme and `://` with no host.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://"
};

fn main() {
    let _ = POLICY.as_str();
}

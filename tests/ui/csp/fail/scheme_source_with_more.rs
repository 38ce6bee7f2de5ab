//! A scheme source is the scheme and a colon, nothing more.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "data:image/png"
};

fn main() {
    let _ = POLICY.as_str();
}

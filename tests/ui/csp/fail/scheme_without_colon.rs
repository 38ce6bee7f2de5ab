//! A scheme written without its colon.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: self data
};

fn main() {
    let _ = POLICY.as_str();
}

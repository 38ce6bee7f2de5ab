//! A scheme that starts with a digit.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "1http:"
};

fn main() {
    let _ = POLICY.as_str();
}

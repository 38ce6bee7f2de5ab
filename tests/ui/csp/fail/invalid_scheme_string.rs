//! A scheme that starts with a digit.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "1http:"
};

fn main() {
    let _ = POLICY.as_str();
}

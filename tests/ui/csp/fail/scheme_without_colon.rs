//! A scheme written without its colon.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: self data
};

fn main() {
    let _ = POLICY.as_str();
}

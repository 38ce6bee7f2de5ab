//! A scheme and `://` with no host.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "https://"
};

fn main() {
    let _ = POLICY.as_str();
}

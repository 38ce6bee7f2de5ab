//! A colon with no port.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "https://example.com:/images/"
};

fn main() {
    let _ = POLICY.as_str();
}

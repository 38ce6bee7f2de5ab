//! A control character (tab) inside a string.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "example.com\t"
};

fn main() {
    let _ = POLICY.as_str();
}

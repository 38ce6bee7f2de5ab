//! NUL inside a value.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "example.com\0"
};

fn main() {
    let _ = POLICY.as_str();
}

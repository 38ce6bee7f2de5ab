//! A keyword in a string without its single quotes is a host name.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "self"
};

fn main() {
    let _ = POLICY.as_str();
}

//! A keyword in a string without its single quotes is a host name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "self"
};

fn main() {
    let _ = POLICY.as_str();
}

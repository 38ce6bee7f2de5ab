//! NUL inside a value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "example.com\0"
};

fn main() {
    let _ = POLICY.as_str();
}

//! A control character (tab) inside a string.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "example.com\t"
};

fn main() {
    let _ = POLICY.as_str();
}

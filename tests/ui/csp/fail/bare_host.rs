//! Host sources must be written as strings.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: self cdn.example.com
};

fn main() {
    let _ = POLICY.as_str();
}

//! A wildcard inside the first label.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "*cdn.example.com"
};

fn main() {
    let _ = POLICY.as_str();
}

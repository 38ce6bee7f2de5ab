//! A port above 65535, which no URL can have.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://example.com:70000"
};

fn main() {
    let _ = POLICY.as_str();
}

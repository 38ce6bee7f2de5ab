//! A colon with no port.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://example.com:/images/"
};

fn main() {
    let _ = POLICY.as_str();
}

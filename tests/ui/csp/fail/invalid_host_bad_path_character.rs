//! A path character that must be percent-encoded.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://example.com/a^b"
};

fn main() {
    let _ = POLICY.as_str();
}

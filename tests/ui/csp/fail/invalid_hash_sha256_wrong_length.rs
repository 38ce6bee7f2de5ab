//! A SHA-256 digest that is not 32 bytes.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "'sha256-YWJj'"
};

fn main() {
    let _ = POLICY.as_str();
}

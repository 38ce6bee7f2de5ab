//! A SHA-256 digest that is not 32 bytes.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: "'sha256-YWJj'"
};

fn main() {
    let _ = POLICY.as_str();
}

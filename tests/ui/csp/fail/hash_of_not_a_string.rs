//! `sha256(...)` takes a string literal.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha256(console.log)
};

fn main() {
    let _ = POLICY.as_str();
}

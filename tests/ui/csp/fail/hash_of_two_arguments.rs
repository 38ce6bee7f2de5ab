//! `sha256(...)` takes exactly one string literal.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha256("a", "b")
};

fn main() {
    let _ = POLICY.as_str();
}

//! A literal nonce in header syntax.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: self "'nonce-abc123'"
};

fn main() {
    let _ = POLICY.as_str();
}

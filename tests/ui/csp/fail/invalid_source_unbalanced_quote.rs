//! A quoted source with its closing quote missing.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "'self"
};

fn main() {
    let _ = POLICY.as_str();
}

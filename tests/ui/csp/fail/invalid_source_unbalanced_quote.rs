//! A quoted source with its closing quote missing.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: "'self"
};

fn main() {
    let _ = POLICY.as_str();
}

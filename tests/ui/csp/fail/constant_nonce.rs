//! A literal nonce in header syntax.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: self "'nonce-abc123'"
};

fn main() {
    let _ = POLICY.as_str();
}

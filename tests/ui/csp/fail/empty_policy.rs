//! A policy needs at least one directive.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {};

fn main() {
    let _ = POLICY.as_str();
}

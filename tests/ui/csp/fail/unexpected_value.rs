//! `upgrade-insecure-requests` takes no value.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self,
    upgrade-insecure-requests: self,
};

fn main() {
    let _ = POLICY.as_str();
}

//! `deny(all)` turns every finding into an error.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    #![deny(all)]
    script-src: self
};

fn main() {
    let _ = POLICY.as_str();
}

//! `strict-dynamic` alone blocks every script.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: self strict-dynamic
};

fn main() {
    let _ = POLICY.as_str();
}

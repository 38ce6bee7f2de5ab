//! `script` is the value of `require-trusted-types-for`, not a source.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: self script
};

fn main() {
    let _ = POLICY.as_str();
}

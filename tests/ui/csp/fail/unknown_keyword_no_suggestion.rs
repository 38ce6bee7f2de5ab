//! A bare word that is no keyword.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: self frobnicate
};

fn main() {
    let _ = POLICY.as_str();
}

//! `allow(all)` is refused.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    #![allow(all)]
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

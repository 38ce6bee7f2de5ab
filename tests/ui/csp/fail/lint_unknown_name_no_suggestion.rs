//! An unknown lint name without a close one.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    #![deny(frobnicate)]
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

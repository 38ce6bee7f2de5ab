//! An unknown lint name, with a suggestion.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    #![allow(unsafe_inlne)]
    script-src: self unsafe-inline
};

fn main() {
    let _ = POLICY.as_str();
}

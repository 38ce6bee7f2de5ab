//! An unknown lint name, with a suggestion.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(unsafe_inlne)]
    script-src: self unsafe-inline
};

fn main() {
    let _ = POLICY.as_str();
}

//! Lint levels come before the preset and the directives.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..strict,
    #![allow(unsafe_inline)]
    script-src: self
};

fn main() {
    let _ = POLICY.as_str();
}

//! Lint names are words, not strings.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow("unsafe_inline")]
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

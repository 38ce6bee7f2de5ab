//! A lint level names its lints in parentheses.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow]
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

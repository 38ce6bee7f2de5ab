//! `#!` needs its brackets.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #!
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

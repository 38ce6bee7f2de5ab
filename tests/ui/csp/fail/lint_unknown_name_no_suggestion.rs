//! An unknown lint name without a close one.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(frobnicate)]
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

//! An allow that matches no finding is an error: stale allows hide future problems.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(unsafe_inline)]
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

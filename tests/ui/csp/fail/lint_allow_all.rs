//! `allow(all)` is refused.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(all)]
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

//! A finding of `unsafe_eval` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(unsafe_eval)]
    object-src: none,
    base-uri: none,
    script-src: nonce strict-dynamic unsafe-eval
};

fn main() {
    let _ = POLICY.as_str();
}

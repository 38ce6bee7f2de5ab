//! A finding of `unsafe_hashes` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(unsafe_hashes)]
    object-src: none,
    script-src: unsafe-hashes sha256("doSomething()")
};

fn main() {
    let _ = POLICY.as_str();
}

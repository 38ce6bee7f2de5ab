//! A finding of `unsafe_hashes` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    #![deny(unsafe_hashes)]
    object-src: none,
    script-src: unsafe-hashes sha256("doSomething()")
};

fn main() {
    let _ = POLICY.as_str();
}

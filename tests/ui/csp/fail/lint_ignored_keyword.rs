//! A finding of `ignored_keyword` (denied explicitly) fails the build, pointing at its cause:
//! `unsafe-eval` in `script-src-elem` is accepted by browsers but does nothing there.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(ignored_keyword)]
    object-src: none,
    script-src-elem: self unsafe-eval
};

fn main() {
    let _ = POLICY.as_str();
}

//! A finding of `unsafe_inline` (denied by default) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    object-src: none,
    script-src: self unsafe-inline
};

fn main() {
    let _ = POLICY.as_str();
}

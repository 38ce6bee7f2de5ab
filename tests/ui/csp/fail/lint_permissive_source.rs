//! A finding of `permissive_source` (denied by default) fails the build, pointing at its cause.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    object-src: none,
    script-src: https:
};

fn main() {
    let _ = POLICY.as_str();
}

//! Lint levels are inner attributes.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    #[allow(unsafe_inline)]
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

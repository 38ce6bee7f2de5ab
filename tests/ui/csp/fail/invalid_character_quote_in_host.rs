//! `"` inside a host source.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "https://example.com/\"onload=\"x"
};

fn main() {
    let _ = POLICY.as_str();
}

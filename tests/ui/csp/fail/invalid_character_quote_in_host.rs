//! `"` inside a host source.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://example.com/\"onload=\"x"
};

fn main() {
    let _ = POLICY.as_str();
}

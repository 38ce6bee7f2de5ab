//! `..strict`, the nonce-based preset of `SecurityHeaders::strict()`, with images from a CDN.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..strict,
    img-src: self "https://img.example.com",
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'none'; script-src 'nonce' 'strict-dynamic'; style-src 'self' 'nonce'; img-src 'self' https://img.example.com; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; require-trusted-types-for 'script'; upgrade-insecure-requests"
    );
    assert!(POLICY.needs_nonce());
}

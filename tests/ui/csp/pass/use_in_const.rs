//! In a `const`: the header is a `&'static str` computed at compile time.

use secure_http::ContentSecurityPolicy;
use secure_http::csp::DirectiveName;

const POLICY: ContentSecurityPolicy = secure_http::csp! {
    default-src: none,
    script-src: self nonce,
};

pub fn main() {
    let expected = "default-src 'none'; script-src 'self' 'nonce'";
    assert_eq!(POLICY.as_str(), expected);
    assert_eq!(POLICY.as_static_str(), Some(expected));
    assert_eq!(POLICY.to_string(), expected);
    assert_eq!(POLICY.directives().len(), 2);
    assert!(POLICY.needs_nonce());
    assert_eq!(
        POLICY.get(DirectiveName::ScriptSrc).map(|d| d.to_string()),
        Some("script-src 'self' 'nonce'".to_owned())
    );
    // The compile-time policy is the one the runtime parser makes from its header text.
    let parsed: ContentSecurityPolicy = expected.parse().unwrap();
    assert_eq!(parsed, POLICY);
}

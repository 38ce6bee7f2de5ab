//! A header pasted as one string: read as the runtime parser reads it, printed in canonical
//! form, and a constant like the token form's.

use secure_http::ContentSecurityPolicy;

const POLICY: ContentSecurityPolicy = secure_http::csp!(
    "Default-Src 'none';  script-src 'NONCE' 'strict-dynamic'; img-src 'self' https: data: ;"
);

pub fn main() {
    let expected = "default-src 'none'; script-src 'nonce' 'strict-dynamic'; img-src 'self' https: data:";
    assert_eq!(POLICY.as_static_str(), Some(expected));
    assert!(POLICY.needs_nonce());
    assert_eq!(POLICY, expected.parse::<ContentSecurityPolicy>().unwrap());
    let tokens: ContentSecurityPolicy = secure_http::csp! {
        default-src: none,
        script-src: nonce strict-dynamic,
        img-src: self https: data:,
    };
    assert_eq!(POLICY, tokens);
}

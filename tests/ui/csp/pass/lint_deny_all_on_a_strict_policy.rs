//! `deny(all)` builds a policy with no finding at all.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(all)]
    default-src: none,
    script-src: nonce strict-dynamic,
    object-src: none,
    base-uri: none,
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'none'; script-src 'nonce' 'strict-dynamic'; object-src 'none'; base-uri 'none'"
    );
}

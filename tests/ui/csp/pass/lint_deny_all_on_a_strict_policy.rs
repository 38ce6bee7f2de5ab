//! `deny(all)` builds a policy with no finding at all.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    #![deny(all)]
    default-src: none,
    script-src: nonce strict-dynamic,
    object-src: none,
    base-uri: none,
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'none'; script-src 'nonce' 'strict-dynamic'; object-src 'none'; base-uri 'none'"
    );
}

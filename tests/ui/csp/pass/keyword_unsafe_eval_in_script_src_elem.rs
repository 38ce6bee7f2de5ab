//! `unsafe-eval` in `script-src-elem` and `script-src-attr`: meaningless, but browsers accept
//! it, so a policy pasted from elsewhere builds; the `ignored_keyword` lint (allowed by
//! default) reports it.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    object-src: none,
    script-src-elem: self unsafe-eval,
    script-src-attr: unsafe-eval,
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "object-src 'none'; script-src-elem 'self' 'unsafe-eval'; script-src-attr 'unsafe-eval'"
    );
}

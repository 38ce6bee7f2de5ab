//! `..google-analytics` with `script-src` replaced and `object-src` appended.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..google-analytics,
    script-src: nonce strict-dynamic,
    object-src: none,
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'nonce' 'strict-dynamic'; object-src 'none'"
    );
}

//! `require-trusted-types-for: script`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    require-trusted-types-for: script
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "require-trusted-types-for 'script'"
    );
}

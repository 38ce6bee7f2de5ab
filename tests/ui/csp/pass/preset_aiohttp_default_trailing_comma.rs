//! `..aiohttp-default,` alone, with a trailing comma.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..aiohttp-default,
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "connect-src 'self'; default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'"
    );
}

//! `..aiohttp-default` with `img-src` replaced in place and two directives appended.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..aiohttp-default,
    img-src: self data:,
    frame-ancestors: none,
    upgrade-insecure-requests,
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "connect-src 'self'; default-src 'none'; img-src 'self' data:; script-src 'self'; style-src 'self'; frame-ancestors 'none'; upgrade-insecure-requests"
    );
}

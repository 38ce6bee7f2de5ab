//! `..default` named secure-aiohttp's default while `SecurityHeaders::new()` sends another
//! policy; the name is gone and both replacements are offered.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..default,
    img-src: self data:,
};

fn main() {}

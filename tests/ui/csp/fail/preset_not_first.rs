//! A preset after a directive.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    ..aiohttp-default,
};

fn main() {
    let _ = POLICY.as_str();
}

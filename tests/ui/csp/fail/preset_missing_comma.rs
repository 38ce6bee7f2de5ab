//! A preset not followed by `,`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..aiohttp-default
    img-src: data:
};

fn main() {
    let _ = POLICY.as_str();
}

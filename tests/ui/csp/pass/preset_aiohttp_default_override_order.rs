//! Overrides keep the preset's order even when written in another order.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..aiohttp-default,
    style-src: self unsafe-inline,
    connect-src: self "wss://socket.example.com",
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "connect-src 'self' wss://socket.example.com; default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'"
    );
}

//! `connect-src` with schemes, a WebSocket host and `unsafe-webtransport-hashes`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    connect-src: self https: wss: "wss://socket.example.com" unsafe-webtransport-hashes
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "connect-src 'self' https: wss: wss://socket.example.com 'unsafe-webtransport-hashes'"
    );
}

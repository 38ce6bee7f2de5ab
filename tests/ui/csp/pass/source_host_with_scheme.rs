//! A host with a scheme.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://cdn.example.com" "wss://socket.example.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "img-src https://cdn.example.com wss://socket.example.com"
    );
}

//! A host with `*` as port.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    connect-src: "https://example.com:*" "http://127.0.0.1:*"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "connect-src https://example.com:* http://127.0.0.1:*"
    );
}

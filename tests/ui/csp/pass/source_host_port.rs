//! A host with a port.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    connect-src: "example.com:8443" "https://api.example.com:443"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "connect-src example.com:8443 https://api.example.com:443"
    );
}

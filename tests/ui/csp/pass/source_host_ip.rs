//! An IPv4 address as host.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    connect-src: "http://127.0.0.1:8080" "10.0.0.1"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "connect-src http://127.0.0.1:8080 10.0.0.1"
    );
}

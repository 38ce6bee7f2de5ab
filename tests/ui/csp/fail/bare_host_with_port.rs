//! A bare host with a port: the suggested string keeps the port.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: cdn.example.com:8443
};

fn main() {
    let _ = POLICY.as_str();
}

//! CSP has no IPv6 host sources.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://[::1]:8080"
};

fn main() {
    let _ = POLICY.as_str();
}

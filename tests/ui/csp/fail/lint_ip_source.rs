//! A finding of `ip_source` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(ip_source)]
    default-src: none,
    img-src: "192.168.1.10:8080"
};

fn main() {
    let _ = POLICY.as_str();
}

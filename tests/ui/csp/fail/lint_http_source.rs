//! A finding of `http_source` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(http_source)]
    default-src: none,
    img-src: "http://img.example.com"
};

fn main() {
    let _ = POLICY.as_str();
}

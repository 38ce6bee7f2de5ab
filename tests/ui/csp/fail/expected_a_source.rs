//! A value that is no source at all.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: self 42
};

fn main() {
    let _ = POLICY.as_str();
}

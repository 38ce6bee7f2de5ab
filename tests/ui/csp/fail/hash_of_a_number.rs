//! The argument of a hash function must be a string.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha256(1)
};

fn main() {
    let _ = POLICY.as_str();
}

//! A directive name must be written bare.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    "default-src": self
};

fn main() {
    let _ = POLICY.as_str();
}

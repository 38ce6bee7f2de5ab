//! A hash whose digest is not base64.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "'sha256-not*base64'"
};

fn main() {
    let _ = POLICY.as_str();
}

//! A hash source with an algorithm CSP does not accept.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "'sha1-YWJj'"
};

fn main() {
    let _ = POLICY.as_str();
}

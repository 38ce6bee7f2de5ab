//! Several sources in one string: the space is not allowed.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "'self' 'unsafe-inline'"
};

fn main() {
    let _ = POLICY.as_str();
}

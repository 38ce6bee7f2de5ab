//! `unsafe-allow-redirects` belonged to the removed `navigate-to`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self unsafe-allow-redirects
};

fn main() {
    let _ = POLICY.as_str();
}

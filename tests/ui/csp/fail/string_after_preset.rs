//! A preset cannot be extended by a string.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! { ..strict, "img-src https:" };

fn main() {
    let _ = POLICY.as_str();
}

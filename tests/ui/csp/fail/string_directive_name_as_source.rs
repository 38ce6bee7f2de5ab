//! In the string form, a directive name among the sources: a `;` is missing.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!("script-src 'nonce' font-src");

fn main() {
    let _ = POLICY.as_str();
}

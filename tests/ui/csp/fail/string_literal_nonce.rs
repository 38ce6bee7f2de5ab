//! A nonce copied from a response is refused with the placeholder to write.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(
    "script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'"
);

fn main() {
    let _ = POLICY.as_str();
}

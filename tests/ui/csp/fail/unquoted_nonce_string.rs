//! A nonce source that lost its quotes is a host name; and a constant nonce protects nothing.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "nonce-r4nd0m"
};

fn main() {
    let _ = POLICY.as_str();
}

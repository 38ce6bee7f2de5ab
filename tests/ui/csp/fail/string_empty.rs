//! An empty string is an empty policy.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!("");

fn main() {
    let _ = POLICY.as_str();
}

//! A finding of a lint denied by default, inside the string.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(
    "object-src 'none'; script-src https://ajax.googleapis.com"
);

fn main() {
    let _ = POLICY.as_str();
}

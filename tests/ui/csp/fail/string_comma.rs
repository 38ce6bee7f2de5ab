//! Several policies in one string: each `,` is reported.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(
    "default-src 'self', img-src https:"
);

fn main() {
    let _ = POLICY.as_str();
}

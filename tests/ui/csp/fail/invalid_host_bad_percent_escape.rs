//! `%` not followed by two hex digits.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://example.com/100%/logo.png"
};

fn main() {
    let _ = POLICY.as_str();
}

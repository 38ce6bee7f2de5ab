//! A URL without quotes: `//` starts a comment and swallows the rest of the line.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: https://cdn.example.com
    script-src: self
};

fn main() {
    let _ = POLICY.as_str();
}

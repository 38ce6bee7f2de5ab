//! A non-ASCII host name: write it in punycode.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://bücher.example"
};

fn main() {
    let _ = POLICY.as_str();
}

//! A port that is not digits or `*`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "https://example.com:8o8o"
};

fn main() {
    let _ = POLICY.as_str();
}

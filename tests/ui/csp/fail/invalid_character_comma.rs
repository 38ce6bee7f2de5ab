//! `,` inside a value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "a.example.com,b.example.com"
};

fn main() {
    let _ = POLICY.as_str();
}

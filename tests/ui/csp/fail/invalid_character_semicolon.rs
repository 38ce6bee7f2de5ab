//! `;` inside a value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "example.com;"
};

fn main() {
    let _ = POLICY.as_str();
}

//! A wrong hash argument does not hide the errors in other directives.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha256(console.log),
    img-src: slef
};

fn main() {
    let _ = POLICY.as_str();
}

//! A wildcard that is not the whole first label.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "cdn.*.example.com"
};

fn main() {
    let _ = POLICY.as_str();
}

//! A wildcard host must be a string too.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: *.example.com
};

fn main() {
    let _ = POLICY.as_str();
}

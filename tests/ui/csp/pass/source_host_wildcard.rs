//! A wildcard first label, with and without scheme.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "*.example.com" "https://*.example.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "img-src *.example.com https://*.example.com"
    );
}

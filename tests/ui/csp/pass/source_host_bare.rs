//! A host name alone, and `localhost`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "example.com" "localhost"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "img-src example.com localhost"
    );
}

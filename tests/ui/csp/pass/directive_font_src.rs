//! `font-src`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    font-src: self data: "https://fonts.gstatic.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "font-src 'self' data: https://fonts.gstatic.com"
    );
}

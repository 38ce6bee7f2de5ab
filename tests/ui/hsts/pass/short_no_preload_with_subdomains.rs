//! A short max-age with subdomains and no preload.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 1h, include-subdomains: true, preload: false };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=3600; includeSubDomains");
}

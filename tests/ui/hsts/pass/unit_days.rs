//! `d`: 180 x 86400.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 180d, preload: false };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=15552000; includeSubDomains");
}

//! `min`: 30 x 60.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 30min, preload: false };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=1800; includeSubDomains");
}

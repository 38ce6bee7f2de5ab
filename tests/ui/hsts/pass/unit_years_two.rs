//! `2y`: 730 days.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 2y };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=63072000; includeSubDomains; preload");
}

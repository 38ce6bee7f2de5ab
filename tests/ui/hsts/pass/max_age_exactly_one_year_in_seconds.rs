//! `31536000` seconds with preload.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 31536000 };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=31536000; includeSubDomains; preload");
}

//! `h`: 12 x 3600.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 12h, preload: false };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=43200; includeSubDomains");
}

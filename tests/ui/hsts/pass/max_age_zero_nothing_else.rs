//! `max-age: 0` with both flags off.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 0, include-subdomains: false, preload: false };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=0");
}

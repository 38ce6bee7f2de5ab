//! Keys in any order; the header order is fixed.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { preload, include-subdomains, max-age: 2y };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=63072000; includeSubDomains; preload");
}

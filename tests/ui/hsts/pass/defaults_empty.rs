//! `hsts! {}`: one year, subdomains, preload.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {};

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=31536000; includeSubDomains; preload");
}

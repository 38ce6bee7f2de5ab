//! `s`.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 600s, preload: false };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=600; includeSubDomains");
}

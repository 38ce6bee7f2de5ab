//! `w`: 26 x 604800.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 26w, preload: false };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=15724800; includeSubDomains");
}

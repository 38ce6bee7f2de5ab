//! The largest max-age, `u32::MAX` seconds.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 4294967295 };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=4294967295; includeSubDomains; preload");
}

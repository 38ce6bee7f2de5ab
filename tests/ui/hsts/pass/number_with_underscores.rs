//! Rust digit separators in the number.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 63_072_000 };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=63072000; includeSubDomains; preload");
}

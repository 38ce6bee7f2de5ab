//! `max-age: 0` clears HSTS; allowed without preload.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 0, preload: false };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=0; includeSubDomains");
}

//! `365d` is one year, enough for preload.

const HSTS: secure::StrictTransportSecurity = secure::hsts! { max-age: 365d };

fn main() {
    assert_eq!(HSTS.to_string(), "max-age=31536000; includeSubDomains; preload");
}

//! `2y`: 730 days.

const HSTS: secure::StrictTransportSecurity = secure::hsts! { max-age: 2y };

fn main() {
    assert_eq!(HSTS.to_string(), "max-age=63072000; includeSubDomains; preload");
}

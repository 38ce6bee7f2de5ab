//! `y`: 365 days.

const HSTS: secure::StrictTransportSecurity = secure::hsts! { max-age: 1y };

fn main() {
    assert_eq!(HSTS.to_string(), "max-age=31536000; includeSubDomains; preload");
}

//! `w`: 26 x 604800.

const HSTS: secure::StrictTransportSecurity = secure::hsts! { max-age: 26w, preload: false };

fn main() {
    assert_eq!(HSTS.to_string(), "max-age=15724800; includeSubDomains");
}

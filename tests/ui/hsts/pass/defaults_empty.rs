//! `hsts! {}`: one year, subdomains, preload.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {};

fn main() {
    assert_eq!(HSTS.to_string(), "max-age=31536000; includeSubDomains; preload");
}

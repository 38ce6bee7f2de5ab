//! `include-subdomains: false` with `preload: false`.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { include-subdomains: false, preload: false };

pub fn main() {
    assert_eq!(HSTS.to_string(), "max-age=31536000");
}

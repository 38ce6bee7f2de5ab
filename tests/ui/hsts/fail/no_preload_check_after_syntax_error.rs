//! After a syntax error only that error is reported: the settings that follow it are
//! unknown, so the preload rules are not checked against their defaults.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 600, prelod: false };

fn main() {
    let _ = HSTS.max_age();
}

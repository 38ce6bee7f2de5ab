//! Preload needs at least a year; preload is on by default.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 26w
};

fn main() {
    let _ = HSTS.to_string();
}

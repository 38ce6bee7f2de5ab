//! `max-age` takes an integer.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 1.5y
};

fn main() {
    let _ = HSTS.to_string();
}

//! A number that does not even fit 64 bits.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 100000000000000000000
};

fn main() {
    let _ = HSTS.to_string();
}

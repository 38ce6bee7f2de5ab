//! A number that does not even fit 64 bits.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    max-age: 100000000000000000000
};

fn main() {
    let _ = HSTS.to_string();
}

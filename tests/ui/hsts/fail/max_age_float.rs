//! `max-age` takes an integer.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    max-age: 1.5y
};

fn main() {
    let _ = HSTS.to_string();
}

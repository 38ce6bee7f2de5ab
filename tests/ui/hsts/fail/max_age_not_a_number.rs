//! `max-age` takes a number, not a string.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    max-age: "1y"
};

fn main() {
    let _ = HSTS.to_string();
}

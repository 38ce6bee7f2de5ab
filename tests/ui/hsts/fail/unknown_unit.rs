//! `m` is not a unit (minutes are `min`).

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    max-age: 6m
};

fn main() {
    let _ = HSTS.to_string();
}

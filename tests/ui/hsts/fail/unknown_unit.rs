//! `m` is not a unit (minutes are `min`).

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 6m
};

fn main() {
    let _ = HSTS.to_string();
}

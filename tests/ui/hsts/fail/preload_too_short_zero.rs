//! `max-age: 0` with preload on by default.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 0
};

fn main() {
    let _ = HSTS.to_string();
}

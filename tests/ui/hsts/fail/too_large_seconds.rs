//! `u32::MAX + 1` seconds.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 4294967296
};

fn main() {
    let _ = HSTS.to_string();
}

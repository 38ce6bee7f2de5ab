//! A max-age over `u32::MAX` seconds.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 200y
};

fn main() {
    let _ = HSTS.to_string();
}

//! A key given twice.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 1y, preload, max-age: 2y
};

fn main() {
    let _ = HSTS.to_string();
}

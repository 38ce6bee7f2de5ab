//! Header syntax is not the macro's.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    "max-age=31536000; preload"
};

fn main() {
    let _ = HSTS.to_string();
}

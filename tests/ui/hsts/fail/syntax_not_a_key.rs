//! Header syntax is not the macro's.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    "max-age=31536000; preload"
};

fn main() {
    let _ = HSTS.to_string();
}

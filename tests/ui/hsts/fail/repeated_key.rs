//! A key given twice.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    max-age: 1y, preload, max-age: 2y
};

fn main() {
    let _ = HSTS.to_string();
}

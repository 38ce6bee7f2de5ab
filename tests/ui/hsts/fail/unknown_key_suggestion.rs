//! A misspelled key.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    max-ag: 1y
};

fn main() {
    let _ = HSTS.to_string();
}

//! A misspelled key.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-ag: 1y
};

fn main() {
    let _ = HSTS.to_string();
}

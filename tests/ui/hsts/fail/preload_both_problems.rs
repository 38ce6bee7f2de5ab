//! Both preload rules broken: both are reported.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 1d, include-subdomains: false
};

fn main() {
    let _ = HSTS.to_string();
}

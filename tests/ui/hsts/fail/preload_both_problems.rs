//! Both preload rules broken: both are reported.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    max-age: 1d, include-subdomains: false
};

fn main() {
    let _ = HSTS.to_string();
}

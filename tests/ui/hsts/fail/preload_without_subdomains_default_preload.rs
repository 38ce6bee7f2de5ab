//! `include-subdomains: false` with preload on by default.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    include-subdomains: false
};

fn main() {
    let _ = HSTS.to_string();
}

//! `include-subdomains: false` with preload on by default.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    include-subdomains: false
};

fn main() {
    let _ = HSTS.to_string();
}

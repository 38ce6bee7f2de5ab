//! `include-subdomains: false` with an explicit `preload`.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 1y, include-subdomains: false, preload
};

fn main() {
    let _ = HSTS.to_string();
}

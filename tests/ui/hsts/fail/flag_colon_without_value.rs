//! `preload:` with nothing after it: the error points at the key.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 1y, preload:, include-subdomains };

fn main() {
    let _ = HSTS.to_string();
}

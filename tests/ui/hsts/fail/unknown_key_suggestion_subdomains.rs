//! The header's spelling of `include-subdomains`.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 1y, include-subdomain
};

fn main() {
    let _ = HSTS.to_string();
}

//! `max-age` needs a value.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age, include-subdomains
};

fn main() {
    let _ = HSTS.to_string();
}

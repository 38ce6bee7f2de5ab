//! A flag's value must be a bool literal, not a string.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    include-subdomains: "true"
};

fn main() {
    let _ = HSTS.to_string();
}

//! A flag's value must be a bool literal, not a string.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    include-subdomains: "true"
};

fn main() {
    let _ = HSTS.to_string();
}

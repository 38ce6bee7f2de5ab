//! `max-age` needs a value.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    max-age, include-subdomains
};

fn main() {
    let _ = HSTS.to_string();
}

//! `max-age` takes a number, not a string.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: "1y"
};

fn main() {
    let _ = HSTS.to_string();
}

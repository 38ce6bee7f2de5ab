//! `max-age:` with nothing after it: the error points at the key.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: };

fn main() {
    let _ = HSTS.to_string();
}

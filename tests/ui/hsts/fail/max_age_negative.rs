//! A negative `max-age` is not a number of seconds (as the runtime parser says of
//! `max-age=-5`), rather than one too large.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: -5
};

fn main() {
    let _ = HSTS.to_string();
}

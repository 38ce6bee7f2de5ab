//! On error the macro still expands to a `StrictTransportSecurity`: only the real errors
//! appear, no type errors where the value is used.

static HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 1mo };

fn header(hsts: secure_http::StrictTransportSecurity) -> String {
    hsts.to_string()
}

fn main() {
    let local: secure_http::StrictTransportSecurity = secure_http::hsts! { preload: maybe };
    assert!(local.max_age() > 0);
    assert!(!header(HSTS).is_empty());
}

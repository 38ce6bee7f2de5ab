//! On error the macro still expands to a `StrictTransportSecurity`: only the real errors
//! appear, no type errors where the value is used.

static HSTS: secure::StrictTransportSecurity = secure::hsts! { max-age: 1mo };

fn header(hsts: secure::StrictTransportSecurity) -> String {
    hsts.to_string()
}

fn main() {
    let local: secure::StrictTransportSecurity = secure::hsts! { preload: maybe };
    assert!(local.max_age() > 0);
    assert!(!header(HSTS).is_empty());
}

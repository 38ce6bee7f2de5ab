//! In a `let` and a `static`, and compared with the runtime constructor.

use secure_http::StrictTransportSecurity;

static STATIC: StrictTransportSecurity = secure_http::hsts! { max-age: 26w, preload: false };

pub fn main() {
    let local = secure_http::hsts! { max-age: 2y };
    assert_eq!(local.to_string(), "max-age=63072000; includeSubDomains; preload");
    assert_eq!(local.max_age(), 63_072_000);
    assert!(local.include_subdomains());
    assert!(local.preload());
    assert_eq!(STATIC.to_string(), "max-age=15724800; includeSubDomains");
    assert_eq!(
        STATIC,
        StrictTransportSecurity::new(15_724_800, true, false).unwrap()
    );
    assert_eq!(secure_http::hsts! {}, StrictTransportSecurity::default());
}

//! `secure-http` depended on as `web-security`: the macros expand to paths through the name
//! the application gave the crate, so they work under any name.

const CSP: web_security::ContentSecurityPolicy = web_security::csp! {
    default-src: none,
    script-src: nonce strict-dynamic,
    img-src: self data: "https://images.example.com",
};
const HSTS: web_security::StrictTransportSecurity =
    web_security::hsts! { max-age: 1y, include-subdomains, preload };
const PERMISSIONS: web_security::headers::PermissionsPolicy =
    web_security::permissions_policy! { camera: (), geolocation: (self) };

mod imported {
    // The macros imported by name, as `use` brings them.
    use web_security::{csp, hsts};

    pub fn policies() -> (String, String) {
        (csp! { default-src: self }.to_string(), hsts! { preload: false }.to_string())
    }
}

fn main() {
    assert_eq!(
        CSP.as_str(),
        "default-src 'none'; script-src 'nonce' 'strict-dynamic'; img-src 'self' data: https://images.example.com"
    );
    assert_eq!(HSTS.to_string(), "max-age=31536000; includeSubDomains; preload");
    assert_eq!(PERMISSIONS.as_str(), "camera=(), geolocation=(self)");
    assert_eq!(
        imported::policies(),
        ("default-src 'self'".to_owned(), "max-age=31536000; includeSubDomains".to_owned())
    );
    println!("renamed-app: the macros work with the crate renamed to `web_security`");
}

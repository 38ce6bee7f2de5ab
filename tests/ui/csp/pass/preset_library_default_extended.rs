//! `..library-default` is what `SecurityHeaders::new()` sends: extending it keeps
//! `frame-ancestors`, `base-uri`, `form-action` and `upgrade-insecure-requests`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..library-default,
    img-src: self data:,
};

pub fn main() {
    assert_eq!(
        secure_http::csp::presets::LIBRARY_DEFAULT,
        secure_http::headers::DEFAULT_CSP
    );
    assert_eq!(
        POLICY.as_str(),
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; upgrade-insecure-requests"
    );
}

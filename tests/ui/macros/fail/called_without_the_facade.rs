// The proc macros expand to paths into the facade that called them. Called directly, they
// have none: each says to go through `secure_http`.
const CSP: secure_http::ContentSecurityPolicy = secure_macros::csp! { default-src: none };
const HSTS: secure_http::StrictTransportSecurity = secure_macros::hsts! { max-age: 1y };
const PERMISSIONS: secure_http::headers::PermissionsPolicy =
    secure_macros::permissions_policy! { camera: () };
const INTEGRITY: &str = secure_macros::sri!("static/app.js");
const INTEGRITY_POLICY: secure_http::integrity::IntegrityPolicy =
    secure_macros::integrity_policy! { blocked-destinations: (script) };

fn main() {}

#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use secure_core::csp;
#[cfg(feature = "csrf")]
#[cfg_attr(docsrs, doc(cfg(feature = "csrf")))]
pub use secure_core::csrf;
#[cfg(feature = "current")]
#[cfg_attr(docsrs, doc(cfg(feature = "current")))]
pub use secure_core::current;
pub use secure_core::headers;
pub use secure_core::hsts;
pub use secure_core::integrations;
pub use secure_core::integrity;
pub use secure_core::origin;
pub use secure_core::permissions;
#[cfg(all(feature = "reports", feature = "csrf"))]
#[cfg_attr(docsrs, doc(cfg(all(feature = "reports", feature = "csrf"))))]
pub use secure_core::pipeline;
#[cfg(feature = "reports")]
#[cfg_attr(docsrs, doc(cfg(feature = "reports")))]
pub use secure_core::report;
pub use secure_core::reporting;
pub use secure_core::transport;
pub use secure_core::{
    ContentSecurityPolicy, CspNonce, CspOverride, SecurityHeaders, SkipHsts,
    StrictTransportSecurity,
};

/// Writes a Content-Security-Policy that the compiler checks.
///
/// See the [crate documentation](crate) for the language.
///
/// ```
/// const CSP: secure_http::ContentSecurityPolicy = secure_http::csp! {
///     default-src: none,
///     img-src: self data: "https://img.example.com",
///     upgrade-insecure-requests,
/// };
/// assert_eq!(
///     CSP.as_str(),
///     "default-src 'none'; img-src 'self' data: https://img.example.com; upgrade-insecure-requests"
/// );
/// ```
///
/// A policy that exists as header text can be pasted as one string literal, read at compile
/// time by the runtime parser (`str::parse`) and held to the same lints; errors point at the
/// string and say at which byte their word starts:
///
/// ```
/// const PASTED: secure_http::ContentSecurityPolicy =
///     secure_http::csp!("default-src 'none'; IMG-SRC 'self' data: https://img.example.com");
/// assert_eq!(
///     PASTED.as_static_str(),
///     Some("default-src 'none'; img-src 'self' data: https://img.example.com")
/// );
/// ```
#[macro_export]
macro_rules! csp {
    ($($input:tt)*) => {
        $crate::__private::csp! { [$crate] $($input)* }
    };
}

/// Writes a Strict-Transport-Security header that the compiler checks.
///
/// ```
/// const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! { max-age: 1y, include-subdomains, preload };
/// assert_eq!(HSTS.to_string(), "max-age=31536000; includeSubDomains; preload");
/// ```
#[macro_export]
macro_rules! hsts {
    ($($input:tt)*) => {
        $crate::__private::hsts! { [$crate] $($input)* }
    };
}

/// Writes a Permissions-Policy that the compiler checks: unknown features (with the nearest
/// name), malformed origins and duplicates fail the build.
///
/// ```
/// const PERMISSIONS: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
///     camera: (),
///     geolocation: (self "https://maps.example.com"),
///     fullscreen: *,
/// };
/// assert_eq!(
///     PERMISSIONS.as_str(),
///     r#"camera=(), geolocation=(self "https://maps.example.com"), fullscreen=*"#
/// );
/// ```
#[macro_export]
macro_rules! permissions_policy {
    ($($input:tt)*) => {
        $crate::__private::permissions_policy! { [$crate] $($input)* }
    };
}

/// Writes an Integrity-Policy that the compiler checks: unknown keys (with the nearest name),
/// destinations and sources, a key or value twice, malformed endpoint names and a policy that
/// blocks nothing fail the build. Send it with
/// [`SecurityHeaders::integrity_policy`](crate::SecurityHeaders::integrity_policy) or
/// [`integrity_policy_report_only`](crate::SecurityHeaders::integrity_policy_report_only),
/// which check at start-up that each endpoint is in `Reporting-Endpoints`.
///
/// ```
/// const INTEGRITY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
///     blocked-destinations: (script),
///     endpoints: (integrity),
/// };
/// assert_eq!(INTEGRITY.as_str(), "blocked-destinations=(script), endpoints=(integrity)");
/// ```
#[macro_export]
macro_rules! integrity_policy {
    ($($input:tt)*) => {
        $crate::__private::integrity_policy! { [$crate] $($input)* }
    };
}

/// The Subresource Integrity value of a file, computed at compile time: a `&'static str`
/// such as `sha384-…` for the `integrity` attribute of a `<script>` or `<link>`.
///
/// The path is relative to the directory of the calling crate's `Cargo.toml`. The file is
/// read when the macro expands, and the expansion names it with `include_bytes!`, so cargo
/// rebuilds the crate when the file changes and the value follows the file. A missing or
/// unreadable file fails the build at the path.
///
/// ```
/// const APP_JS: &str = secure_http::sri!("examples/static/app.js");
/// assert_eq!(APP_JS, "sha384-PxwN62teteHmDHnCADey0+Six3T6sapSFjQ1qGGWw1i6vhEkBRUTvFYLm9YKJ/G9");
///
/// // In a template: `crossorigin` makes a cross-origin script readable for the check.
/// let tag = format!(
///     r#"<script src="/static/app.js" integrity="{APP_JS}" crossorigin="anonymous"></script>"#
/// );
/// assert_eq!(
///     tag,
///     r#"<script src="/static/app.js" integrity="sha384-PxwN62teteHmDHnCADey0+Six3T6sapSFjQ1qGGWw1i6vhEkBRUTvFYLm9YKJ/G9" crossorigin="anonymous"></script>"#
/// );
/// ```
#[macro_export]
macro_rules! sri {
    ($($input:tt)*) => {
        $crate::__private::sri! { [$crate] $($input)* }
    };
}

#[doc(hidden)]
pub mod __private {
    pub use secure_core::StrictTransportSecurity;
    pub use secure_core::csp;
    pub use secure_core::hsts;
    pub use secure_core::integrity;
    pub use secure_core::permissions::PermissionsPolicy;
    pub use secure_macros::{csp, hsts, integrity_policy, permissions_policy, sri};
}

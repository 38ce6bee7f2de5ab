#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub use secure_core::csp;
#[cfg(feature = "csrf")]
#[cfg_attr(docsrs, doc(cfg(feature = "csrf")))]
pub use secure_core::csrf;
pub use secure_core::hsts;
pub use secure_core::integrations;
#[cfg(feature = "reports")]
#[cfg_attr(docsrs, doc(cfg(feature = "reports")))]
pub use secure_core::report;
pub use secure_core::reporting;
pub use secure_core::{
    ContentSecurityPolicy, CspNonce, CspOverride, SecurityHeaders, SkipHsts,
    StrictTransportSecurity,
};

/// Writes a Content-Security-Policy that the compiler checks.
///
/// See the [crate documentation](crate) for the language.
///
/// ```
/// const CSP: secure::ContentSecurityPolicy = secure::csp! {
///     default-src: none,
///     img-src: self data: "https://img.example.com",
///     upgrade-insecure-requests,
/// };
/// assert_eq!(
///     CSP.as_str(),
///     "default-src 'none'; img-src 'self' data: https://img.example.com; upgrade-insecure-requests"
/// );
/// ```
#[doc(inline)]
pub use secure_macros::csp;

/// Writes a Strict-Transport-Security header that the compiler checks.
///
/// ```
/// const HSTS: secure::StrictTransportSecurity = secure::hsts! { max-age: 1y, include-subdomains, preload };
/// assert_eq!(HSTS.to_string(), "max-age=31536000; includeSubDomains; preload");
/// ```
#[doc(inline)]
pub use secure_macros::hsts;

#[doc(hidden)]
pub mod __private {
    pub use secure_core::StrictTransportSecurity;
    pub use secure_core::csp;
    pub use secure_core::hsts;
}

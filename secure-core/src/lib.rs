//! The framework-agnostic core of [`secure-http`](https://docs.rs/secure-http): the policy
//! model, the one grammar that both the compile-time macros and the runtime parsers use,
//! applying the headers to `http` responses, CSRF protection, reports, and the framework
//! integrations behind features.
//!
//! Depend on `secure-http` rather than on this crate: it re-exports everything here together
//! with the `csp!`, `hsts!`, `permissions_policy!`, `integrity_policy!` and `sri!` macros.
#![deny(missing_docs)]
// One audited exception, in `headers::prepared`: a nonce policy's value is not validated again
// per response.
#![deny(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod csp;
#[cfg(feature = "csrf")]
#[cfg_attr(docsrs, doc(cfg(feature = "csrf")))]
pub mod csrf;
#[cfg(feature = "current")]
#[cfg_attr(docsrs, doc(cfg(feature = "current")))]
pub mod current;
pub mod hsts;
pub mod integrations;
pub mod integrity;
pub mod origin;
pub mod permissions;
#[cfg(all(feature = "http", feature = "reports", feature = "csrf"))]
#[cfg_attr(docsrs, doc(cfg(all(feature = "reports", feature = "csrf"))))]
pub mod pipeline;
#[cfg(feature = "reports")]
#[cfg_attr(docsrs, doc(cfg(feature = "reports")))]
pub mod report;
pub mod reporting;
#[cfg(feature = "serde")]
mod serialization;
mod structured;
pub mod suggest;
mod syntax;
// Only the features that log have anything to read.
#[cfg(all(test, any(feature = "reports", feature = "csrf")))]
mod test_log;
pub mod transport;

#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub mod headers;
#[cfg(feature = "http")]
mod nonce;

pub use csp::ContentSecurityPolicy;
pub use hsts::StrictTransportSecurity;
pub use syntax::Syntax;

#[cfg(feature = "http")]
pub use headers::{CspOverride, HeaderChange, HeaderChanges, Overrides, SecurityHeaders, SkipHsts};
#[cfg(feature = "http")]
pub use nonce::CspNonce;

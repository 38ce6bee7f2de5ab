//! What happens to the headers of one response: the configured values, changed by what the
//! handler asked for in the response's extensions.

use crate::csp::ContentSecurityPolicy;
use http::HeaderValue;

/// What to do with one header on one response.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub enum HeaderChange<V = HeaderValue> {
    /// Not configured: leave whatever the handler set.
    Keep,
    /// Set this value, replacing the handler's.
    Set(V),
    /// Remove the header (a handler's override asked for it).
    Remove,
}

impl<V> HeaderChange<V> {
    /// The same change with the value converted, for another `http` version.
    pub fn map<W>(self, f: impl FnOnce(V) -> W) -> HeaderChange<W> {
        match self {
            Self::Keep => HeaderChange::Keep,
            Self::Set(value) => HeaderChange::Set(f(value)),
            Self::Remove => HeaderChange::Remove,
        }
    }
}

/// The change of each header on one response.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct HeaderChanges<V = HeaderValue> {
    pub csp: HeaderChange<V>,
    pub csp_report_only: HeaderChange<V>,
    pub hsts: HeaderChange<V>,
    pub reporting_endpoints: HeaderChange<V>,
}

impl<V> HeaderChanges<V> {
    /// The same changes with the values converted, for another `http` version.
    pub fn map<W>(self, mut f: impl FnMut(V) -> W) -> HeaderChanges<W> {
        HeaderChanges {
            csp: self.csp.map(&mut f),
            csp_report_only: self.csp_report_only.map(&mut f),
            hsts: self.hsts.map(&mut f),
            reporting_endpoints: self.reporting_endpoints.map(&mut f),
        }
    }
}

/// Put in a response's extensions by a handler to change the enforced policy of that one
/// response: a page that needs a looser or stricter policy than the rest of the site.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::{CspOverride, SecurityHeaders, csp::presets};
/// let headers = SecurityHeaders::new().content_security_policy(presets::AIOHTTP_DEFAULT);
///
/// let mut response = http::Response::new(());
/// response.extensions_mut().insert(CspOverride::Replace(presets::SAME_ORIGIN));
/// headers.apply_to_response(&mut response, None);
/// assert_eq!(response.headers()["content-security-policy"], "default-src 'self'");
///
/// let mut response = http::Response::new(());
/// response.extensions_mut().insert(CspOverride::Remove);
/// headers.apply_to_response(&mut response, None);
/// assert!(response.headers().get("content-security-policy").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CspOverride {
    /// Send this policy instead of the configured one. It is prepared for this one response;
    /// for a route served often, give the route its own layer instead.
    Replace(ContentSecurityPolicy),
    /// Send no enforced policy on this response.
    Remove,
}

/// Put in a response's extensions by a handler to send no Strict-Transport-Security on it.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::{SecurityHeaders, SkipHsts};
/// let mut response = http::Response::new(());
/// response.extensions_mut().insert(SkipHsts);
/// SecurityHeaders::new().apply_to_response(&mut response, None);
/// assert!(response.headers().get("strict-transport-security").is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkipHsts;

/// What a handler asked to change on its response.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub csp: Option<CspOverride>,
    pub skip_hsts: bool,
    /// A development response: no HSTS, no `upgrade-insecure-requests`.
    pub development: bool,
}

impl Overrides {
    /// Reads the overrides a handler put in its response's extensions.
    pub fn from_extensions(extensions: &http::Extensions) -> Self {
        Self {
            csp: extensions.get::<CspOverride>().cloned(),
            skip_hsts: extensions.get::<SkipHsts>().is_some(),
            development: false,
        }
    }

    /// Whether a replacement policy asks for a nonce.
    pub fn needs_nonce(&self) -> bool {
        matches!(&self.csp, Some(CspOverride::Replace(policy)) if policy.needs_nonce())
    }
}

//! Applying the configured headers to `http` responses.

use crate::csp::{ContentSecurityPolicy, CspErrorKind};
use crate::hsts::StrictTransportSecurity;
use crate::nonce::CspNonce;
use crate::reporting::{ReportingEndpoints, ReportingError};
use http::Response;
use http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY, HeaderMap, HeaderName,
    HeaderValue, STRICT_TRANSPORT_SECURITY,
};

/// The security headers to put on every response, prepared once.
///
/// Holds an optional enforced Content-Security-Policy, an optional report-only one (both can
/// be sent at once, e.g. while tightening a policy), and Strict-Transport-Security, on by
/// default with `max-age=31536000; includeSubDomains; preload`. Header values are built when
/// the value is configured; applying a policy without a nonce copies no bytes and allocates
/// nothing.
///
/// ```
/// use secure_core::{SecurityHeaders, csp::presets};
/// use http::Response;
///
/// let headers = SecurityHeaders::new().content_security_policy(presets::SAME_ORIGIN);
/// let mut response = Response::new(());
/// headers.apply_to_response(&mut response, None);
/// assert_eq!(response.headers()["content-security-policy"], "default-src 'self'");
/// assert_eq!(
///     response.headers()["strict-transport-security"],
///     "max-age=31536000; includeSubDomains; preload"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    csp: Option<PreparedPolicy>,
    csp_report_only: Option<PreparedPolicy>,
    hsts: Option<HeaderValue>,
    reporting_endpoints: ReportingEndpoints,
    reporting_endpoints_value: Option<HeaderValue>,
}

/// A policy ready to send: a finished header value, or the pieces to join around a nonce.
#[derive(Debug, Clone)]
struct PreparedPolicy {
    policy: ContentSecurityPolicy,
    value: Prepared,
}

#[derive(Debug, Clone)]
enum Prepared {
    Fixed(HeaderValue),
    WithNonce { pieces: Vec<String>, len: usize },
}

impl PreparedPolicy {
    fn new(policy: ContentSecurityPolicy) -> Self {
        let value = if policy.needs_nonce() {
            let pieces = policy.nonce_template();
            let nonces = pieces.len() - 1;
            let len = pieces.iter().map(String::len).sum::<usize>()
                + nonces * ("'nonce-'".len() + crate::nonce::NONCE_LEN);
            Prepared::WithNonce { pieces, len }
        } else {
            Prepared::Fixed(header_value(policy.as_static_str(), policy.as_str()))
        };
        Self { policy, value }
    }

    /// The header value for one response; `nonce` is only read when the policy asks for one.
    fn header_value(&self, nonce: Option<&CspNonce>) -> HeaderValue {
        match &self.value {
            Prepared::Fixed(value) => value.clone(),
            Prepared::WithNonce { pieces, len } => {
                let fresh;
                let nonce = match nonce {
                    Some(nonce) => nonce,
                    None => {
                        fresh = CspNonce::generate();
                        &fresh
                    }
                };
                let mut text = String::with_capacity(*len);
                for (i, piece) in pieces.iter().enumerate() {
                    if i > 0 {
                        text.push_str("'nonce-");
                        text.push_str(nonce.as_str());
                        text.push('\'');
                    }
                    text.push_str(piece);
                }
                HeaderValue::from_maybe_shared(bytes::Bytes::from(text))
                    .expect("a validated policy and a base64 nonce are visible ASCII")
            }
        }
    }
}

fn header_value(static_text: Option<&'static str>, text: &str) -> HeaderValue {
    match static_text {
        Some(text) => HeaderValue::from_static(text),
        None => shared_header_value(text.to_owned()),
    }
}

/// A header value whose clones share one buffer by reference count. (A `Vec`-backed
/// `Bytes` would allocate on its first clone, on the first response.)
fn shared_header_value(text: String) -> HeaderValue {
    HeaderValue::from_maybe_shared(bytes::Bytes::from_owner(text.into_bytes()))
        .expect("validated header text is visible ASCII")
}

impl Default for SecurityHeaders {
    fn default() -> Self {
        Self::new()
    }
}

impl SecurityHeaders {
    /// The original secure-aiohttp's defaults: HSTS `max-age=31536000; includeSubDomains;
    /// preload`, no CSP.
    pub fn new() -> Self {
        Self {
            csp: None,
            csp_report_only: None,
            hsts: Some(hsts_value(&StrictTransportSecurity::DEFAULT)),
            reporting_endpoints: ReportingEndpoints::new(),
            reporting_endpoints_value: None,
        }
    }

    /// Sends `Reporting-Endpoints` with these endpoints, for policies with `report-to`.
    pub fn reporting_endpoints(mut self, endpoints: ReportingEndpoints) -> Self {
        self.reporting_endpoints_value =
            (!endpoints.is_empty()).then(|| shared_header_value(endpoints.to_string()));
        self.reporting_endpoints = endpoints;
        self
    }

    /// Checks what can only be checked once everything is configured: every `report-to`
    /// name in either policy is one of the [`reporting_endpoints`](Self::reporting_endpoints).
    /// The integrations call it when they are built.
    pub fn check(&self) -> Result<(), ReportingError> {
        for prepared in self.policies() {
            self.reporting_endpoints.check(&prepared.policy)?;
        }
        Ok(())
    }

    /// Sends this policy as `Content-Security-Policy`.
    pub fn content_security_policy(mut self, policy: ContentSecurityPolicy) -> Self {
        self.csp = Some(PreparedPolicy::new(policy));
        self
    }

    /// Sends this policy as `Content-Security-Policy-Report-Only`: browsers report violations
    /// without blocking anything. The original's `csp_testing=True`.
    pub fn content_security_policy_report_only(mut self, policy: ContentSecurityPolicy) -> Self {
        self.csp_report_only = Some(PreparedPolicy::new(policy));
        self
    }

    /// Adds `report-uri <uri>` to each configured policy that names no `report-uri` and no
    /// `report-to`. The integrations call this with their report endpoint's path.
    pub fn with_default_report_uri(mut self, uri: &str) -> Result<Self, CspErrorKind> {
        for prepared in [&mut self.csp, &mut self.csp_report_only]
            .into_iter()
            .flatten()
        {
            *prepared = PreparedPolicy::new(prepared.policy.with_default_report_uri(uri)?);
        }
        Ok(self)
    }

    /// Sends this Strict-Transport-Security header instead of the default.
    pub fn strict_transport_security(mut self, hsts: StrictTransportSecurity) -> Self {
        self.hsts = Some(hsts_value(&hsts));
        self
    }

    /// Sends no Strict-Transport-Security header (the original's `hsts=False`).
    pub fn without_strict_transport_security(mut self) -> Self {
        self.hsts = None;
        self
    }

    /// The enforced policy, if any.
    pub fn csp(&self) -> Option<&ContentSecurityPolicy> {
        self.csp.as_ref().map(|p| &p.policy)
    }

    /// The report-only policy, if any.
    pub fn csp_report_only(&self) -> Option<&ContentSecurityPolicy> {
        self.csp_report_only.as_ref().map(|p| &p.policy)
    }

    /// Whether either policy asks for a per-response nonce.
    pub fn needs_nonce(&self) -> bool {
        self.policies()
            .any(|p| matches!(p.value, Prepared::WithNonce { .. }))
    }

    fn policies(&self) -> impl Iterator<Item = &PreparedPolicy> {
        self.csp.iter().chain(self.csp_report_only.iter())
    }

    /// Sets the headers, replacing any of the same name.
    ///
    /// A policy that asks for a nonce gets a fresh one that nothing else knows, so inline
    /// scripts stay blocked; to let the page's own scripts run, make the nonce before
    /// rendering and use [`apply_with_nonce`](Self::apply_with_nonce).
    pub fn apply(&self, headers: &mut HeaderMap) {
        let fresh = self.needs_nonce().then(CspNonce::generate);
        self.apply_changes(headers, fresh.as_ref(), &Overrides::default());
    }

    /// Sets the headers, writing `nonce` wherever a policy asks for one.
    pub fn apply_with_nonce(&self, headers: &mut HeaderMap, nonce: &CspNonce) {
        self.apply_changes(headers, Some(nonce), &Overrides::default());
    }

    /// Sets the headers on a response, honouring a [`CspOverride`] or [`SkipHsts`] that the
    /// handler put in the response's extensions. `nonce` is the one the page was rendered
    /// with, if the policies ask for one; without it a fresh one is drawn.
    pub fn apply_to_response<B>(&self, response: &mut Response<B>, nonce: Option<&CspNonce>) {
        let overrides = Overrides::from_extensions(response.extensions());
        let fresh;
        let nonce = match nonce {
            Some(nonce) => Some(nonce),
            None if self.needs_nonce() || overrides.needs_nonce() => {
                fresh = CspNonce::generate();
                Some(&fresh)
            }
            None => None,
        };
        self.apply_changes(response.headers_mut(), nonce, &overrides);
    }

    fn apply_changes(
        &self,
        headers: &mut HeaderMap,
        nonce: Option<&CspNonce>,
        overrides: &Overrides,
    ) {
        let changes = self.changes(nonce, overrides);
        let slots = [
            (CONTENT_SECURITY_POLICY, changes.csp),
            (CONTENT_SECURITY_POLICY_REPORT_ONLY, changes.csp_report_only),
            (STRICT_TRANSPORT_SECURITY, changes.hsts),
            (REPORTING_ENDPOINTS.clone(), changes.reporting_endpoints),
        ];
        for (name, change) in slots {
            match change {
                HeaderChange::Keep => {}
                HeaderChange::Set(value) => {
                    headers.insert(name, value);
                }
                HeaderChange::Remove => {
                    headers.remove(name);
                }
            }
        }
    }

    /// What to do with each header on one response, for integrations whose responses are
    /// not `http` 1 types.
    #[doc(hidden)]
    pub fn changes(&self, nonce: Option<&CspNonce>, overrides: &Overrides) -> HeaderChanges {
        let configured = |value: Option<HeaderValue>| match value {
            Some(value) => HeaderChange::Set(value),
            None => HeaderChange::Keep,
        };
        let csp = match &overrides.csp {
            None => configured(self.csp.as_ref().map(|p| p.header_value(nonce))),
            Some(CspOverride::Remove) => HeaderChange::Remove,
            Some(CspOverride::Replace(policy)) => {
                HeaderChange::Set(PreparedPolicy::new(policy.clone()).header_value(nonce))
            }
        };
        HeaderChanges {
            csp,
            csp_report_only: configured(
                self.csp_report_only.as_ref().map(|p| p.header_value(nonce)),
            ),
            hsts: if overrides.skip_hsts {
                HeaderChange::Remove
            } else {
                configured(self.hsts.clone())
            },
            reporting_endpoints: configured(self.reporting_endpoints_value.clone()),
        }
    }
}

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

/// `Reporting-Endpoints`, which `http` has no constant for.
pub(crate) static REPORTING_ENDPOINTS: HeaderName = HeaderName::from_static("reporting-endpoints");

/// Put in a response's extensions by a handler to change the enforced policy of that one
/// response: a page that needs a looser or stricter policy than the rest of the site.
///
/// ```
/// use secure_core::{CspOverride, SecurityHeaders, csp::presets};
/// let headers = SecurityHeaders::new().content_security_policy(presets::DEFAULT);
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
/// use secure_core::{SecurityHeaders, SkipHsts};
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
}

impl Overrides {
    /// Reads the overrides a handler put in its response's extensions.
    pub fn from_extensions(extensions: &http::Extensions) -> Self {
        Self {
            csp: extensions.get::<CspOverride>().cloned(),
            skip_hsts: extensions.get::<SkipHsts>().is_some(),
        }
    }

    /// Whether a replacement policy asks for a nonce.
    pub fn needs_nonce(&self) -> bool {
        matches!(&self.csp, Some(CspOverride::Replace(policy)) if policy.needs_nonce())
    }
}

fn hsts_value(hsts: &StrictTransportSecurity) -> HeaderValue {
    shared_header_value(hsts.to_string())
}

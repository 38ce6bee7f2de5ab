//! The security headers: their typed values, the defaults, and applying them to `http`
//! responses.

mod changes;
mod check;
#[cfg(feature = "serde")]
mod config;
mod defaults;
mod isolation;
mod prepared;
mod values;

pub use crate::permissions::{PermissionsError, PermissionsErrorKind, PermissionsPolicy};
pub use changes::{CspOverride, HeaderChange, HeaderChanges, Overrides, SkipHsts};
pub use check::ConfigError;
pub use defaults::{API_CSP, DEFAULT_CSP, DEFAULT_PERMISSIONS_POLICY, STRICT_CSP};
pub use isolation::{CrossOriginIsolation, ReportOnly, Reported};
pub use values::{
    ClearSiteData, ContentTypeOptions, CrossOriginEmbedderPolicy, CrossOriginOpenerPolicy,
    CrossOriginResourcePolicy, DnsPrefetchControl, DownloadOptions, FrameOptions, HeaderValueError,
    OriginAgentCluster, PermittedCrossDomainPolicies, ReferrerPolicy, ReferrerPolicyValue,
    SecurityHeader, XssProtection,
};

use crate::csp::lint::LintLevels;
use crate::csp::{ContentSecurityPolicy, CspErrorKind, DirectiveName, Keyword, PolicyList};
use crate::hsts::StrictTransportSecurity;
use crate::integrity::IntegrityPolicy;
use crate::nonce::CspNonce;
use crate::reporting::{ReportingEndpoints, ReportingError};
use http::Response;
use http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY, HeaderMap, HeaderName,
    HeaderValue, STRICT_TRANSPORT_SECURITY,
};
use prepared::{DevelopmentVariant, Prepared, PreparedPolicy, shared_header_value};

/// The security headers to put on every response, prepared once.
///
/// Holds an optional enforced Content-Security-Policy, an optional report-only one (both can
/// be sent at once, e.g. while tightening a policy), and Strict-Transport-Security, on by
/// default with `max-age=31536000; includeSubDomains; preload`. Header values are built when
/// the value is configured; applying a policy without a nonce copies no bytes and allocates
/// nothing.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::{SecurityHeaders, csp::presets};
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
///
/// With the `serde` feature it also reads from configuration (TOML, YAML, JSON, the
/// environment), each value validated by its type's parser: see its `Deserialize`
/// implementation.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    csp: Option<PreparedPolicy>,
    csp_report_only: Option<PreparedPolicy>,
    hsts: Option<HeaderValue>,
    reporting_endpoints: ReportingEndpoints,
    reporting_endpoints_value: Option<HeaderValue>,
    /// Headers set with [`header`](Self::header), in the order set.
    typed: Vec<(HeaderName, HeaderValue)>,
    frame_options: FrameOptionsSetting,
    /// `typed` and X-Frame-Options, ready to insert on every response.
    fixed: Vec<(HeaderName, HeaderValue)>,
    removed: Vec<HeaderName>,
    development: Development,
    /// The lint levels [`check`](Self::check) holds the policies to, when asked.
    lint_levels: Option<LintLevels>,
    /// `Integrity-Policy` and `Integrity-Policy-Report-Only`, sent among the fixed headers.
    integrity_policy: Option<IntegrityPolicy>,
    integrity_policy_report_only: Option<IntegrityPolicy>,
    /// The `report-to` endpoints of headers set with [`header`](Self::header): the header's
    /// name as messages write it, and the endpoint.
    report_to: Vec<(&'static str, String)>,
}

/// The headers of a common response, ready to clone: see
/// [`SecurityHeaders::response_template`].
#[derive(Debug, Clone)]
#[cfg(all(feature = "reports", feature = "csrf"))]
pub(crate) struct ResponseTemplate {
    map: HeaderMap,
    /// `map` and an empty `Content-Type` placeholder, for responses whose handler set that
    /// header (most do): a clone of `map` would grow its entries to take it. `None` when
    /// `Content-Type` is one of the removed names.
    typed: Option<HeaderMap>,
    /// Whether the enforced policy, or the report-only one, takes a nonce: then `map` holds
    /// an empty placeholder for it, and each response gets its value written.
    nonce_csp: bool,
    nonce_csp_report_only: bool,
}

/// Where X-Frame-Options comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameOptionsSetting {
    /// From the enforced policy's `frame-ancestors`.
    Derived,
    Explicit(FrameOptions),
    Off,
}

/// When responses are treated as development responses: no HSTS, no
/// `upgrade-insecure-requests`.
#[derive(Debug, Clone, Copy)]
struct Development {
    always: bool,
    on_loopback: bool,
}

/// `Reporting-Endpoints`, which `http` has no constant for.
pub(crate) static REPORTING_ENDPOINTS: HeaderName = HeaderName::from_static("reporting-endpoints");

/// `Integrity-Policy` and its report-only twin, which `http` has no constants for.
static INTEGRITY_POLICY: HeaderName = HeaderName::from_static("integrity-policy");
static INTEGRITY_POLICY_REPORT_ONLY: HeaderName =
    HeaderName::from_static("integrity-policy-report-only");

/// Headers that only tell attackers what the server runs, removed by default.
pub const SERVER_IDENTIFYING_HEADERS: &[&str] = &[
    "server",
    "x-powered-by",
    "x-aspnet-version",
    "x-aspnetmvc-version",
];

impl Default for SecurityHeaders {
    fn default() -> Self {
        Self::new()
    }
}

impl SecurityHeaders {
    /// The secure defaults, for a typical server-rendered site: a strict CSP
    /// ([`DEFAULT_CSP`]), HSTS `max-age=31536000; includeSubDomains; preload`, a
    /// Permissions-Policy denying the powerful features such sites do not use, and the rest of
    /// the set (see the README's table). Every response gets all of them, whatever the request
    /// says: development responses, without HSTS, are only sent when asked for with
    /// [`development`](Self::development) or
    /// [`development_on_loopback`](Self::development_on_loopback).
    pub fn new() -> Self {
        defaults::secure()
    }

    /// No header at all: start from scratch.
    pub fn empty() -> Self {
        Self {
            csp: None,
            csp_report_only: None,
            hsts: None,
            reporting_endpoints: ReportingEndpoints::new(),
            reporting_endpoints_value: None,
            typed: Vec::new(),
            frame_options: FrameOptionsSetting::Off,
            fixed: Vec::new(),
            removed: Vec::new(),
            development: Development {
                always: false,
                on_loopback: false,
            },
            lint_levels: None,
            integrity_policy: None,
            integrity_policy_report_only: None,
            report_to: Vec::new(),
        }
    }

    /// The defaults with a stricter, nonce-based CSP ([`STRICT_CSP`]) for sites whose pages
    /// are all rendered by the server: every script needs this response's nonce.
    ///
    /// It also turns on Trusted Types (`require-trusted-types-for 'script'`): scripts can no
    /// longer hand strings to DOM sinks such as `innerHTML`, which breaks libraries that do,
    /// htmx among them. To keep the nonces without Trusted Types, send the policy without
    /// that directive (in `csp!`: `..library-default, script-src: nonce strict-dynamic, style-src:
    /// self nonce`):
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::{SecurityHeaders, csp::ContentSecurityPolicy, csp::presets};
    /// let without_trusted_types: ContentSecurityPolicy = presets::STRICT
    ///     .as_str()
    ///     .replace(" require-trusted-types-for 'script';", "")
    ///     .parse()?;
    /// let headers = SecurityHeaders::new().content_security_policy(without_trusted_types);
    /// assert_eq!(
    ///     headers.csp().unwrap().as_str(),
    ///     "default-src 'none'; script-src 'nonce' 'strict-dynamic'; style-src 'self' 'nonce'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; upgrade-insecure-requests"
    /// );
    /// # Ok::<(), secure_http::csp::CspError>(())
    /// ```
    pub fn strict() -> Self {
        Self::new().content_security_policy(STRICT_CSP)
    }

    /// Relaxed defaults for APIs that serve only JSON: a CSP that allows nothing
    /// ([`API_CSP`]), HSTS, `nosniff`, `no-referrer`, `X-Frame-Options: DENY` and no headers
    /// meant for HTML documents.
    pub fn api() -> Self {
        Self::empty()
            .content_security_policy(API_CSP)
            .strict_transport_security(StrictTransportSecurity::DEFAULT)
            .header(ContentTypeOptions::NoSniff)
            .header(ReferrerPolicy::new(ReferrerPolicyValue::NoReferrer))
            .derive_frame_options()
            .remove_server_identifying_headers()
    }

    /// Sends this header (a typed value: [`ReferrerPolicy`], [`CrossOriginOpenerPolicy`],
    /// [`PermissionsPolicy`], ...), replacing the one of the same name.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::SecurityHeaders;
    /// use secure_http::headers::CrossOriginEmbedderPolicy;
    /// let headers = SecurityHeaders::empty().header(CrossOriginEmbedderPolicy::RequireCorp);
    /// let mut response = http::Response::new(());
    /// headers.apply_to_response(&mut response, None);
    /// assert_eq!(response.headers()["cross-origin-embedder-policy"], "require-corp");
    /// ```
    pub fn header<H: SecurityHeader>(mut self, value: H) -> Self {
        let name = HeaderName::from_static(H::NAME);
        self.report_to
            .retain(|(header, _)| !header.eq_ignore_ascii_case(H::NAME));
        if let Some((header, endpoint)) = value.report_to() {
            self.report_to.push((header, endpoint.to_owned()));
        }
        let value = match value.static_value() {
            Some(text) => HeaderValue::from_static(text),
            None => shared_header_value(value.value()),
        };
        if name == http::header::X_FRAME_OPTIONS {
            // Kept apart: it is derived from `frame-ancestors` unless set here.
            self.frame_options = FrameOptionsSetting::Explicit(if value == "DENY" {
                FrameOptions::Deny
            } else {
                FrameOptions::SameOrigin
            });
        } else {
            match self.typed.iter_mut().find(|(n, _)| *n == name) {
                Some(existing) => existing.1 = value,
                None => self.typed.push((name, value)),
            }
        }
        self.prepare_fixed()
    }

    /// Stops sending a header set with [`header`](Self::header) (or by the defaults).
    pub fn without<H: SecurityHeader>(mut self) -> Self {
        let name = HeaderName::from_static(H::NAME);
        self.report_to
            .retain(|(header, _)| !header.eq_ignore_ascii_case(H::NAME));
        if name == http::header::X_FRAME_OPTIONS {
            self.frame_options = FrameOptionsSetting::Off;
        }
        self.typed.retain(|(n, _)| *n != name);
        self.prepare_fixed()
    }

    /// Derives X-Frame-Options from the enforced policy's `frame-ancestors`: `DENY` for
    /// `'none'`, `SAMEORIGIN` otherwise and without `frame-ancestors` (browsers that know
    /// `frame-ancestors` ignore X-Frame-Options). The default.
    pub fn derive_frame_options(mut self) -> Self {
        self.frame_options = FrameOptionsSetting::Derived;
        self.prepare_fixed()
    }

    /// Removes `Server`, `X-Powered-By` and the like ([`SERVER_IDENTIFYING_HEADERS`]) from
    /// every response. On by default.
    pub fn remove_server_identifying_headers(mut self) -> Self {
        for name in SERVER_IDENTIFYING_HEADERS {
            self = self.remove_header(HeaderName::from_static(name));
        }
        self
    }

    /// Removes this header from every response.
    pub fn remove_header(mut self, name: HeaderName) -> Self {
        if !self.removed.contains(&name) {
            self.removed.push(name);
        }
        self
    }

    /// Removes no header.
    pub fn without_header_removal(mut self) -> Self {
        self.removed.clear();
        self
    }

    /// With `true`, every response is a development response: no Strict-Transport-Security
    /// (browsers would insist on HTTPS for `localhost` for a year) and no
    /// `upgrade-insecure-requests` (plain-HTTP subresources would break). Off by default; the
    /// integrations log at INFO when they are built with it on.
    ///
    /// Turn it on from the application's own configuration (a command-line flag, an
    /// environment variable), never from anything a request carries.
    pub fn development(mut self, always: bool) -> Self {
        self.development.always = always;
        self
    }

    /// With `true`, responses to requests for `localhost`, `*.localhost`, `127.0.0.0/8` or
    /// `[::1]` are development responses. Off by default, and meant for a developer's machine
    /// only: the host is what the request says, so behind a reverse proxy that forwards
    /// `Host: 127.0.0.1` (nginx's default for `proxy_pass http://127.0.0.1:3000`) every
    /// response would lose HSTS, and any client can send `Host: localhost`.
    pub fn development_on_loopback(mut self, on: bool) -> Self {
        self.development.on_loopback = on;
        self
    }

    /// Whether a request for this host (the URI's authority, else the `Host` header) gets a
    /// development response. With the defaults, never.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::SecurityHeaders;
    /// assert!(!SecurityHeaders::new().is_development_host(Some("127.0.0.1:3000")));
    /// let local = SecurityHeaders::new().development_on_loopback(true);
    /// assert!(local.is_development_host(Some("127.0.0.1:3000")));
    /// assert!(!local.is_development_host(Some("app.example")));
    /// assert!(SecurityHeaders::new().development(true).is_development_host(Some("app.example")));
    /// ```
    pub fn is_development_host(&self, host: Option<&str>) -> bool {
        self.development.always
            || (self.development.on_loopback && host.is_some_and(is_loopback_host))
    }

    /// [`is_development_host`](Self::is_development_host) for the host `host` gives, which
    /// is only asked for when the answer depends on it: with the defaults no request's host
    /// is ever read for this.
    #[doc(hidden)]
    pub fn is_development_request<'a>(&self, host: impl FnOnce() -> Option<&'a str>) -> bool {
        self.development.always
            || (self.development.on_loopback && host().is_some_and(is_loopback_host))
    }

    /// Says once, at INFO, that development responses (without HSTS) will be sent, and when.
    #[cfg(all(feature = "reports", feature = "csrf"))]
    pub(crate) fn log_development_mode(&self) {
        if self.development.always {
            tracing::info!(
                target: "secure_http",
                "development mode: every response is sent without Strict-Transport-Security \
                 and without upgrade-insecure-requests"
            );
        } else if self.development.on_loopback {
            tracing::info!(
                target: "secure_http",
                "development mode on loopback hosts: responses for localhost, *.localhost, \
                 127.0.0.0/8 and [::1] are sent without Strict-Transport-Security and without \
                 upgrade-insecure-requests"
            );
        }
    }

    /// The headers sent on every response whatever the request, and those removed: for
    /// integrations whose responses are not `http` 1 types.
    #[doc(hidden)]
    pub fn fixed_headers(&self) -> (&[(HeaderName, HeaderValue)], &[HeaderName]) {
        (&self.fixed, &self.removed)
    }

    fn prepare_fixed(mut self) -> Self {
        let frame_options = match self.frame_options {
            FrameOptionsSetting::Off => None,
            FrameOptionsSetting::Explicit(value) => Some(value),
            FrameOptionsSetting::Derived => Some(self.derived_frame_options()),
        };
        self.fixed = self.typed.clone();
        let integrity = [
            (&INTEGRITY_POLICY, &self.integrity_policy),
            (
                &INTEGRITY_POLICY_REPORT_ONLY,
                &self.integrity_policy_report_only,
            ),
        ];
        for (name, policy) in integrity {
            if let Some(policy) = policy {
                let value = match policy.as_static_str() {
                    Some(text) => HeaderValue::from_static(text),
                    None => shared_header_value(policy.to_string()),
                };
                self.fixed.push((name.clone(), value));
            }
        }
        if let Some(value) = frame_options {
            self.fixed.push((
                http::header::X_FRAME_OPTIONS,
                HeaderValue::from_static(value.as_str()),
            ));
        }
        self
    }

    fn derived_frame_options(&self) -> FrameOptions {
        // Every enforced policy applies: one that forbids framing forbids it.
        let forbids_framing = self
            .csp
            .iter()
            .flat_map(|p| p.policies.policies())
            .any(|p| {
                p.get(DirectiveName::FrameAncestors)
                    .is_some_and(|d| d.values().iter().all(|v| v.is_keyword(Keyword::None)))
            });
        if forbids_framing {
            FrameOptions::Deny
        } else {
            FrameOptions::SameOrigin
        }
    }

    /// Sends `Reporting-Endpoints` with these endpoints, for policies with `report-to`.
    pub fn reporting_endpoints(mut self, endpoints: ReportingEndpoints) -> Self {
        self.reporting_endpoints_value =
            (!endpoints.is_empty()).then(|| shared_header_value(endpoints.to_string()));
        self.reporting_endpoints = endpoints;
        self
    }

    /// Sends `Integrity-Policy`: the browser refuses to load scripts (and, where supported,
    /// styles) without Subresource Integrity metadata, such as an `integrity` attribute from
    /// `sri!`. Not sent by default: every script of the site must carry its hash first.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::SecurityHeaders;
    /// use secure_http::reporting::ReportingEndpoints;
    /// let headers = SecurityHeaders::new()
    ///     .reporting_endpoints(ReportingEndpoints::new().endpoint("integrity", "/reports")?)
    ///     .integrity_policy("blocked-destinations=(script), endpoints=(integrity)".parse()?);
    /// assert!(headers.check().is_ok());
    /// let mut response = http::Response::new(());
    /// headers.apply_to_response(&mut response, None);
    /// assert_eq!(
    ///     response.headers()["integrity-policy"],
    ///     "blocked-destinations=(script), endpoints=(integrity)"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn integrity_policy(mut self, policy: IntegrityPolicy) -> Self {
        self.integrity_policy = Some(policy);
        self.prepare_fixed()
    }

    /// Sends `Integrity-Policy-Report-Only`: what the policy would block is only reported,
    /// to its `endpoints`, to find the scripts without metadata before enforcing it.
    pub fn integrity_policy_report_only(mut self, policy: IntegrityPolicy) -> Self {
        self.integrity_policy_report_only = Some(policy);
        self.prepare_fixed()
    }

    /// Stops sending `Integrity-Policy` and `Integrity-Policy-Report-Only`.
    pub fn without_integrity_policy(mut self) -> Self {
        self.integrity_policy = None;
        self.integrity_policy_report_only = None;
        self.prepare_fixed()
    }

    /// Checks what can only be checked once everything is configured: every `report-to`
    /// name in either policy, and every name in an Integrity-Policy's `endpoints`, is one of
    /// the [`reporting_endpoints`](Self::reporting_endpoints),
    /// and, after [`enforce_lints`](Self::enforce_lints), neither policy has a finding of a
    /// denied lint. The integrations call it when they are built, and refuse to build when it
    /// fails.
    pub fn check(&self) -> Result<(), ConfigError> {
        for policy in self.policies().flat_map(|p| p.policies.policies()) {
            self.reporting_endpoints.check(policy)?;
        }
        let integrity = [
            ("Integrity-Policy", &self.integrity_policy),
            (
                "Integrity-Policy-Report-Only",
                &self.integrity_policy_report_only,
            ),
        ];
        for (header, policy) in integrity {
            if let Some(policy) = policy {
                self.reporting_endpoints
                    .check_integrity_policy(header, policy)?;
            }
        }
        for (header, name) in &self.report_to {
            if !self.reporting_endpoints.contains(name) {
                return Err(ReportingError::UnknownReportTo {
                    header,
                    name: name.clone(),
                }
                .into());
            }
        }
        if let Some(levels) = &self.lint_levels {
            let policies = [
                ("Content-Security-Policy", &self.csp),
                ("Content-Security-Policy-Report-Only", &self.csp_report_only),
            ];
            for (header, prepared) in policies {
                for policy in prepared.iter().flat_map(|p| p.policies.policies()) {
                    policy
                        .check_lints(levels)
                        .map_err(|error| ConfigError::Lints { header, error })?;
                }
            }
        }
        Ok(())
    }

    /// Holds the policies to the standard of `csp!`: [`check`](Self::check) fails, and the
    /// integrations refuse to build, when a policy has a finding of a lint `levels` deny.
    /// Without it, the integrations only log each finding at WARN when they are built,
    /// which nobody sees without a `tracing` subscriber.
    ///
    /// For policies read at runtime (configuration, environment), where `csp!` cannot look.
    /// [`LintLevels::new()`] denies what `csp!` denies by default.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::SecurityHeaders;
    /// use secure_http::csp::lint::{Lint, LintLevels};
    /// let from_config = "script-src 'self' https:; object-src 'none'; base-uri 'none'".parse()?;
    /// let headers = SecurityHeaders::new()
    ///     .content_security_policy(from_config)
    ///     .enforce_lints(LintLevels::new());
    /// assert_eq!(
    ///     headers.check().unwrap_err().to_string(),
    ///     "Content-Security-Policy: 1 denied lint finding: `https:` in `script-src` allows script or plugins from anywhere (lint `permissive_source`); list the exact hosts, or use `script-src 'nonce' 'strict-dynamic'`"
    /// );
    /// let accepted = headers.enforce_lints(LintLevels::new().allow(Lint::PermissiveSource));
    /// assert!(accepted.check().is_ok());
    /// # Ok::<(), secure_http::csp::CspError>(())
    /// ```
    pub fn enforce_lints(mut self, levels: LintLevels) -> Self {
        self.lint_levels = Some(levels);
        self
    }

    /// Sends this policy as `Content-Security-Policy`.
    pub fn content_security_policy(mut self, policy: ContentSecurityPolicy) -> Self {
        self.csp = Some(PreparedPolicy::new(policy));
        self.prepare_fixed()
    }

    /// Sends these policies as `Content-Security-Policy`, in one header value separated by
    /// commas. Browsers enforce each of them: a resource loads only if every policy allows
    /// it. Nonces, the report endpoint's `report-uri`, development responses and the derived
    /// X-Frame-Options apply to each policy.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::{SecurityHeaders, csp::PolicyList};
    /// let list: PolicyList = "default-src 'self', frame-ancestors 'none'".parse()?;
    /// let headers = SecurityHeaders::new().content_security_policies(list);
    /// let mut map = http::HeaderMap::new();
    /// headers.apply(&mut map);
    /// assert_eq!(map["content-security-policy"], "default-src 'self', frame-ancestors 'none'");
    /// assert_eq!(map["x-frame-options"], "DENY");
    /// # Ok::<(), secure_http::csp::CspError>(())
    /// ```
    pub fn content_security_policies(mut self, policies: PolicyList) -> Self {
        self.csp = Some(PreparedPolicy::list(policies));
        self.prepare_fixed()
    }

    /// Sends no enforced policy.
    pub fn without_content_security_policy(mut self) -> Self {
        self.csp = None;
        self.prepare_fixed()
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
            let with_uri = prepared
                .policies
                .policies()
                .iter()
                .map(|policy| policy.with_default_report_uri(uri))
                .collect::<Result<Vec<_>, _>>()?;
            *prepared = PreparedPolicy::list(
                PolicyList::new(with_uri).expect("a prepared list is never empty"),
            );
        }
        Ok(self.prepare_fixed())
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

    /// The enforced policy, if any; the first one when
    /// [`content_security_policies`](Self::content_security_policies) set a list.
    pub fn csp(&self) -> Option<&ContentSecurityPolicy> {
        self.csp.as_ref().map(PreparedPolicy::policy)
    }

    /// Every enforced policy: one, or the list set with
    /// [`content_security_policies`](Self::content_security_policies).
    pub fn csp_list(&self) -> Option<&PolicyList> {
        self.csp.as_ref().map(|p| &p.policies)
    }

    /// The report-only policy, if any.
    pub fn csp_report_only(&self) -> Option<&ContentSecurityPolicy> {
        self.csp_report_only.as_ref().map(PreparedPolicy::policy)
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
        self.apply_changes(headers, fresh.as_ref(), &self.no_overrides());
    }

    /// Sets the headers, writing `nonce` wherever a policy asks for one.
    pub fn apply_with_nonce(&self, headers: &mut HeaderMap, nonce: &CspNonce) {
        self.apply_changes(headers, Some(nonce), &self.no_overrides());
    }

    fn no_overrides(&self) -> Overrides {
        Overrides {
            development: self.development.always,
            ..Overrides::default()
        }
    }

    /// Sets the headers on a response, honouring a [`CspOverride`] or [`SkipHsts`] that the
    /// handler put in the response's extensions. `nonce` is the one the page was rendered
    /// with, if the policies ask for one; without it a fresh one is drawn.
    pub fn apply_to_response<B>(&self, response: &mut Response<B>, nonce: Option<&CspNonce>) {
        self.apply_to_response_for(response, nonce, None);
    }

    /// [`apply_to_response`](Self::apply_to_response) for a request for `host`, which decides
    /// whether the response is a development response.
    pub fn apply_to_response_for<B>(
        &self,
        response: &mut Response<B>,
        nonce: Option<&CspNonce>,
        host: Option<&str>,
    ) {
        let development = self.is_development_host(host);
        self.apply_to_response_with(response, nonce, development);
    }

    #[doc(hidden)]
    pub fn apply_to_response_with<B>(
        &self,
        response: &mut Response<B>,
        nonce: Option<&CspNonce>,
        development: bool,
    ) {
        let mut overrides = Overrides::from_extensions(response.extensions());
        overrides.development = development;
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

    pub(crate) fn apply_changes(
        &self,
        headers: &mut HeaderMap,
        nonce: Option<&CspNonce>,
        overrides: &Overrides,
    ) {
        // One growth of the map for all the headers, not one per insert.
        headers.reserve(4 + self.fixed.len());
        // The names removed from every response are looked for among the few headers the
        // handler set before any is removed: removing each costs a hash per name.
        if headers.keys().any(|name| self.removed.contains(name)) {
            for name in &self.removed {
                headers.remove(name);
            }
        }
        if overrides.csp.is_none() && !overrides.skip_hsts && !overrides.development {
            // The common case: every configured header as prepared, nothing to decide.
            if let Some(prepared) = &self.csp {
                headers.insert(CONTENT_SECURITY_POLICY, prepared.header_value(nonce));
            }
            if let Some(prepared) = &self.csp_report_only {
                headers.insert(
                    CONTENT_SECURITY_POLICY_REPORT_ONLY,
                    prepared.header_value(nonce),
                );
            }
            if let Some(value) = &self.hsts {
                headers.insert(STRICT_TRANSPORT_SECURITY, value.clone());
            }
            if let Some(value) = &self.reporting_endpoints_value {
                headers.insert(REPORTING_ENDPOINTS.clone(), value.clone());
            }
        } else {
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
        for (name, value) in &self.fixed {
            headers.insert(name.clone(), value.clone());
        }
    }

    /// The headers of a common response (no override, not a development response) as one
    /// map, for [`apply_to_response_templated`](Self::apply_to_response_templated): cloning
    /// the map costs less than inserting its entries one by one. `None` when the headers set
    /// with [`header`](Self::header) include one of the four that are decided per response.
    #[cfg(all(feature = "reports", feature = "csrf"))]
    pub(crate) fn response_template(&self) -> Option<ResponseTemplate> {
        let per_response = [
            &CONTENT_SECURITY_POLICY,
            &CONTENT_SECURITY_POLICY_REPORT_ONLY,
            &STRICT_TRANSPORT_SECURITY,
            &REPORTING_ENDPOINTS,
        ];
        if self
            .fixed
            .iter()
            .any(|(name, _)| per_response.contains(&name))
        {
            return None;
        }
        let mut map = HeaderMap::with_capacity(2 * (4 + self.fixed.len()));
        let mut fixed_policy = |name: HeaderName, prepared: &Option<PreparedPolicy>| match prepared
        {
            // A placeholder that each response replaces: the map then has the entry, and
            // setting the value on a clone does not grow the clone's entries.
            Some(prepared) if prepared.needs_nonce() => {
                map.insert(name, HeaderValue::from_static(""));
                true
            }
            Some(prepared) => {
                map.insert(name, prepared.header_value(None));
                false
            }
            None => false,
        };
        let nonce_csp = fixed_policy(CONTENT_SECURITY_POLICY, &self.csp);
        let nonce_csp_report_only =
            fixed_policy(CONTENT_SECURITY_POLICY_REPORT_ONLY, &self.csp_report_only);
        if let Some(value) = &self.hsts {
            map.insert(STRICT_TRANSPORT_SECURITY, value.clone());
        }
        if let Some(value) = &self.reporting_endpoints_value {
            map.insert(REPORTING_ENDPOINTS.clone(), value.clone());
        }
        for (name, value) in &self.fixed {
            map.insert(name.clone(), value.clone());
        }
        let typed = (!self.removed.contains(&http::header::CONTENT_TYPE)).then(|| {
            let mut typed = map.clone();
            typed.insert(http::header::CONTENT_TYPE, HeaderValue::from_static(""));
            typed
        });
        Some(ResponseTemplate {
            map,
            typed,
            nonce_csp,
            nonce_csp_report_only,
        })
    }

    /// [`apply_to_response_with`](Self::apply_to_response_with) through the map of
    /// [`response_template`](Self::response_template), which must come from these headers:
    /// the response's headers are moved onto a clone of the map (of the map with room for
    /// `Content-Type` when the response has one), except those of the template's names and
    /// the removed ones. The same headers as inserting them, in
    /// another order; responses with overrides, development responses and responses with
    /// more headers than the template take the insertion path.
    #[cfg(all(feature = "reports", feature = "csrf"))]
    pub(crate) fn apply_to_response_templated<B>(
        &self,
        template: &ResponseTemplate,
        response: &mut Response<B>,
        nonce: Option<&CspNonce>,
        development: bool,
    ) {
        let overrides = Overrides::from_extensions(response.extensions());
        if development
            || overrides.csp.is_some()
            || overrides.skip_hsts
            || response.headers().len() > template.map.len()
        {
            return self.apply_to_response_with(response, nonce, development);
        }
        let fresh;
        let nonce = match nonce {
            Some(nonce) => Some(nonce),
            None if template.nonce_csp || template.nonce_csp_report_only => {
                fresh = CspNonce::generate();
                Some(&fresh)
            }
            None => None,
        };
        let headers = response.headers_mut();
        let map = match &template.typed {
            Some(typed) if headers.contains_key(http::header::CONTENT_TYPE) => typed,
            _ => &template.map,
        };
        let from_handler = std::mem::replace(headers, map.clone());
        let replaced = |name: &HeaderName| {
            template.map.contains_key(name)
                || self.removed.contains(name)
                || (template.nonce_csp && name == CONTENT_SECURITY_POLICY)
                || (template.nonce_csp_report_only && name == CONTENT_SECURITY_POLICY_REPORT_ONLY)
        };
        // The iterator names each header once, then gives its further values without it.
        // The first value of a name is inserted: it replaces the `Content-Type` placeholder,
        // the one name of the map that is not replaced; any other name is not in the map yet.
        let mut current: Option<HeaderName> = None;
        let mut first = false;
        for (name, value) in from_handler {
            if let Some(name) = name {
                current = (!replaced(&name)).then_some(name);
                first = true;
            }
            if let Some(name) = &current {
                if first {
                    headers.insert(name, value);
                } else {
                    headers.append(name, value);
                }
                first = false;
            }
        }
        if let (true, Some(prepared)) = (template.nonce_csp, &self.csp) {
            headers.insert(CONTENT_SECURITY_POLICY, prepared.header_value(nonce));
        }
        if let (true, Some(prepared)) = (template.nonce_csp_report_only, &self.csp_report_only) {
            headers.insert(
                CONTENT_SECURITY_POLICY_REPORT_ONLY,
                prepared.header_value(nonce),
            );
        }
    }

    /// The texts of the enforced and the report-only policy for one response, each `None`
    /// unless that policy takes a nonce: for integrations that keep the other headers
    /// prepared and write only these per response.
    #[cfg(feature = "actix-web")]
    pub(crate) fn nonce_policy_texts(&self, nonce: &CspNonce) -> [Option<String>; 2] {
        let text = |prepared: &Option<PreparedPolicy>| {
            prepared
                .as_ref()
                .and_then(|prepared| prepared.text_with_nonce(nonce))
        };
        [text(&self.csp), text(&self.csp_report_only)]
    }

    /// What to do with each header on one response, for integrations whose responses are
    /// not `http` 1 types.
    #[doc(hidden)]
    pub fn changes(&self, nonce: Option<&CspNonce>, overrides: &Overrides) -> HeaderChanges {
        let configured = |value: Option<HeaderValue>| match value {
            Some(value) => HeaderChange::Set(value),
            None => HeaderChange::Keep,
        };
        // Development responses leave out `upgrade-insecure-requests`.
        let variant = |prepared: &PreparedPolicy| match &prepared.development {
            DevelopmentVariant::Without(development) if overrides.development => {
                Some(development.header_value(nonce))
            }
            DevelopmentVariant::Nothing if overrides.development => None,
            _ => Some(prepared.header_value(nonce)),
        };
        let csp = match &overrides.csp {
            None => configured(self.csp.as_ref().and_then(variant)),
            Some(CspOverride::Remove) => HeaderChange::Remove,
            Some(CspOverride::Replace(policy)) => {
                match variant(&PreparedPolicy::new(policy.clone())) {
                    Some(value) => HeaderChange::Set(value),
                    None => HeaderChange::Remove,
                }
            }
        };
        HeaderChanges {
            csp,
            csp_report_only: configured(self.csp_report_only.as_ref().and_then(variant)),
            hsts: if overrides.skip_hsts {
                HeaderChange::Remove
            } else if overrides.development {
                HeaderChange::Keep
            } else {
                configured(self.hsts.clone())
            },
            reporting_endpoints: configured(self.reporting_endpoints_value.clone()),
        }
    }
}

/// Asks the browser to delete what this site stored: for logout responses.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::headers::{ClearSiteData, clear_site_data};
/// let mut response = http::Response::new(());
/// clear_site_data(&mut response, &[ClearSiteData::Cookies, ClearSiteData::Storage]);
/// assert_eq!(response.headers()["clear-site-data"], r#""cookies", "storage""#);
/// ```
pub fn clear_site_data<B>(response: &mut Response<B>, data: &[ClearSiteData]) {
    if data.is_empty() {
        return;
    }
    let value = ClearSiteData::header_value(data);
    response.headers_mut().insert(
        HeaderName::from_static(<ClearSiteData as SecurityHeader>::NAME),
        HeaderValue::from_str(&value).expect("quoted keywords are visible ASCII"),
    );
}

/// Forbids every cache to store this response: for pages with personal or sensitive data.
///
/// ```
/// # use secure_core as secure_http;
/// let mut response = http::Response::new(());
/// secure_http::headers::no_store(&mut response);
/// assert_eq!(response.headers()["cache-control"], "no-store");
/// ```
pub fn no_store<B>(response: &mut Response<B>) {
    response.headers_mut().insert(
        http::header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
}

/// `localhost`, `*.localhost`, `127.0.0.0/8` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next() == Some("::1");
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    // Compared without lowercasing into a new string: this runs on every request.
    let name = name.trim_end_matches('.');
    let suffix = ".localhost";
    let is_localhost = name.eq_ignore_ascii_case("localhost")
        || (name.len() > suffix.len()
            && name.is_char_boundary(name.len() - suffix.len())
            && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix));
    is_localhost
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn hsts_value(hsts: &StrictTransportSecurity) -> HeaderValue {
    // The default's text is known at compile time: sending it then counts no reference.
    const DEFAULT_TEXT: &str = "max-age=31536000; includeSubDomains; preload";
    if *hsts == StrictTransportSecurity::DEFAULT {
        HeaderValue::from_static(DEFAULT_TEXT)
    } else {
        shared_header_value(hsts.to_string())
    }
}

#[cfg(all(test, feature = "reports", feature = "csrf"))]
pub(crate) mod template_tests {
    use super::*;
    use crate::headers::values::{CrossOriginEmbedderPolicy, ReferrerPolicyValue};

    /// Each header's values in order, names sorted: what a client receives, whatever the
    /// order of the lines.
    fn received(headers: &HeaderMap) -> Vec<(String, Vec<Vec<u8>>)> {
        let mut names: Vec<&HeaderName> = headers.keys().collect();
        names.sort_by_key(|name| name.as_str());
        names
            .into_iter()
            .map(|name| {
                let values = headers.get_all(name).iter();
                (
                    name.to_string(),
                    values.map(|v| v.as_bytes().to_vec()).collect(),
                )
            })
            .collect()
    }

    /// Configurations, for the tests of each path that applies the headers: with and
    /// without nonces (enforced and report-only), headers added, removed or left out.
    pub(crate) fn configurations() -> Vec<SecurityHeaders> {
        let report_only: ContentSecurityPolicy = "script-src 'nonce' 'strict-dynamic'"
            .parse()
            .expect("a policy with a nonce");
        let report_only_fixed: ContentSecurityPolicy = "default-src 'self'; report-uri /elsewhere"
            .parse()
            .expect("a policy");
        vec![
            SecurityHeaders::new(),
            SecurityHeaders::strict(),
            SecurityHeaders::empty(),
            SecurityHeaders::new().content_security_policy_report_only(report_only.clone()),
            SecurityHeaders::new().content_security_policy_report_only(report_only_fixed),
            SecurityHeaders::strict()
                .content_security_policy_report_only(report_only)
                .header(ReferrerPolicyValue::StrictOriginWhenCrossOrigin)
                .header(CrossOriginEmbedderPolicy::RequireCorp)
                .remove_header(HeaderName::from_static("x-runtime")),
            SecurityHeaders::new().without_strict_transport_security(),
            SecurityHeaders::new().without_content_security_policy(),
            SecurityHeaders::new().remove_header(http::header::CONTENT_TYPE),
        ]
    }

    /// Headers a handler may set, for the tests of each path that applies the headers.
    pub(crate) fn handler_headers() -> Vec<Vec<(&'static str, &'static str)>> {
        vec![
            vec![],
            vec![("content-type", "text/html")],
            vec![("content-type", "text/html"), ("content-length", "12")],
            vec![
                ("content-type", "text/html"),
                ("content-type", "text/plain"),
            ],
            vec![("content-length", "0")],
            vec![
                ("content-security-policy", "default-src *"),
                ("x-frame-options", "ALLOWALL"),
            ],
            vec![
                ("server", "nginx"),
                ("x-powered-by", "PHP"),
                ("x-runtime", "12ms"),
            ],
            vec![
                ("set-cookie", "a=1"),
                ("set-cookie", "b=2"),
                ("vary", "cookie"),
            ],
            vec![("content-security-policy-report-only", "default-src 'none'")],
            vec![
                ("strict-transport-security", "max-age=1"),
                ("x-custom", "1"),
                ("x-custom", "2"),
            ],
            vec![
                ("referrer-policy", "unsafe-url"),
                ("cross-origin-embedder-policy", "none"),
            ],
        ]
    }

    /// `value` with the text of each `'nonce-…'` source replaced by `*`.
    fn without_nonces(value: Vec<u8>) -> Vec<u8> {
        let text = String::from_utf8(value).expect("header text");
        let mut pieces = text.split("'nonce-");
        let mut out = pieces.next().unwrap_or_default().to_owned();
        for piece in pieces {
            let (nonce, rest) = piece.split_once('\'').expect("a closed nonce source");
            assert_eq!(nonce.len(), crate::nonce::NONCE_LEN, "{text}");
            out.push_str("'nonce-*'");
            out.push_str(rest);
        }
        out.into_bytes()
    }

    fn response(handler: &[(&'static str, &'static str)]) -> Response<()> {
        let mut response = Response::new(());
        for (name, value) in handler {
            response
                .headers_mut()
                .append(*name, HeaderValue::from_static(value));
        }
        response
    }

    #[test]
    fn the_template_gives_the_headers_insertion_gives() {
        let nonce = CspNonce::generate();
        for headers in configurations() {
            let template = headers
                .response_template()
                .expect("no per-response fixed header");
            for handler in handler_headers() {
                for development in [false, true] {
                    for nonce in [None, Some(&nonce)] {
                        let mut inserted = response(&handler);
                        headers.apply_to_response_with(&mut inserted, nonce, development);
                        let mut templated = response(&handler);
                        headers.apply_to_response_templated(
                            &template,
                            &mut templated,
                            nonce,
                            development,
                        );
                        let (inserted, templated) =
                            (received(inserted.headers()), received(templated.headers()));
                        if nonce.is_some() || !headers.needs_nonce() {
                            assert_eq!(inserted, templated, "{handler:?} on {headers:?}");
                        } else {
                            // Fresh nonces differ: compare with each nonce blanked out.
                            let blanked = |list: Vec<(String, Vec<Vec<u8>>)>| {
                                list.into_iter()
                                    .map(|(name, values)| {
                                        (name, values.into_iter().map(without_nonces).collect())
                                    })
                                    .collect::<Vec<(String, Vec<Vec<u8>>)>>()
                            };
                            assert_eq!(blanked(inserted), blanked(templated), "{handler:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn overrides_take_the_insertion_path() {
        let headers = SecurityHeaders::new();
        let template = headers.response_template().expect("template");
        let mut response = response(&[("content-type", "text/html")]);
        response.extensions_mut().insert(SkipHsts);
        headers.apply_to_response_templated(&template, &mut response, None, false);
        assert!(!response.headers().contains_key(STRICT_TRANSPORT_SECURITY));
        assert!(response.headers().contains_key(CONTENT_SECURITY_POLICY));
    }
}

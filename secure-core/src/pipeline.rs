//! The one request pipeline behind every framework integration.
//!
//! Every decision the integrations make is made here, on plain values, once: whether a
//! request is for a host the service serves, whether it must be redirected to HTTPS, whether
//! it is a violation report (and what to answer), whether it is a forgery, and which headers
//! its response gets. A framework adapter is glue only: it shows the pipeline its request
//! through [`RequestHead`], reads a body when asked to, turns an [`Answer`] into its own
//! response type, and hands the response's headers back at the end.
//!
//! [`Pipeline`] is also usable on its own, for a framework without an adapter:
//!
//! ```
//! # use secure_core as secure_http;
//! use secure_http::csrf::CsrfProtection;
//! use secure_http::pipeline::{Pipeline, Step};
//! use secure_http::{SecurityHeaders, csp::presets};
//!
//! let pipeline = Pipeline::new(SecurityHeaders::new().content_security_policy(presets::SAME_ORIGIN))
//!     .csrf(CsrfProtection::new());
//!
//! // A cross-site form post is refused before the application sees it...
//! let forged = http::Request::post("/transfer")
//!     .header("host", "app.example")
//!     .header("sec-fetch-site", "cross-site")
//!     .body(())?;
//! let Step::Answer(answer) = pipeline.on_request(&forged.into_parts().0) else {
//!     panic!("a forged request must be answered");
//! };
//! let refused = answer.into_response();
//! assert_eq!(refused.status(), 403);
//! assert_eq!(refused.headers()["content-security-policy"], "default-src 'self'; report-uri /csp-report");
//!
//! // ...and a page passes, its response getting the headers.
//! let page = http::Request::get("/").header("host", "app.example").body(())?;
//! let Step::Pass(pass) = pipeline.on_request(&page.into_parts().0) else {
//!     panic!("a page request passes");
//! };
//! let mut response = http::Response::new("hello");
//! pipeline.on_response(&pass, &mut response);
//! assert_eq!(
//!     response.headers()["strict-transport-security"],
//!     "max-age=31536000; includeSubDomains; preload"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::csrf::{
    CsrfProtection, CsrfRejection, CsrfRequest, CsrfSession, CsrfToken, Decision, RequestHeaders,
    TOKEN_HEADER,
};
use crate::headers::ResponseTemplate;
use crate::report::{ReportBody, ReportEndpoint, ReportResponse};
use crate::transport::{
    AllowedHosts, HttpsRedirect, REDIRECT_STATUS, TransportDecision, TransportRejection,
    TransportRequest,
};
use crate::{CspNonce, Overrides, SecurityHeaders};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Response, StatusCode, header};
use std::net::IpAddr;
use std::sync::{Arc, Once};
use std::time::Duration;

/// What the pipeline reads of a request. Adapters implement it for their request type.
///
/// It is implemented for `http::request::Parts` (and `http::Request<B>`), whose peer is a
/// `std::net::SocketAddr` in the extensions when the server put one there.
pub trait RequestHead {
    /// The method, as sent (`GET`, `POST`, ...).
    fn method(&self) -> &str;
    /// The path of the request target, without the query.
    fn path(&self) -> &str;
    /// The path and query of the request target; `/` when it has none.
    fn path_and_query(&self) -> &str;
    /// `Some("https")` when the server knows the connection is TLS. Never the request URI's
    /// own scheme: the client writes it (an absolute-form target, HTTP/2's `:scheme`), so it
    /// would let a client talk its way out of the HTTPS redirect.
    fn scheme(&self) -> Option<&str>;
    /// The URI's authority (HTTP/2's `:authority`), which counts before `Host`.
    fn authority(&self) -> Option<&str>;
    /// The values of every header line of this name (lowercase), in order.
    fn header_values<'a>(&'a self, name: &'static str) -> impl Iterator<Item = &'a [u8]> + 'a;
    /// The IP address of the connection's peer: the TCP peer, never one taken from a header.
    fn peer_ip(&self) -> Option<IpAddr>;
    /// Whether answering without reading the body leaves bytes unread on an HTTP/1
    /// connection, which must then be closed.
    fn body_pending(&self) -> bool;
}

impl RequestHead for http::request::Parts {
    fn method(&self) -> &str {
        self.method.as_str()
    }
    fn path(&self) -> &str {
        self.uri.path()
    }
    fn path_and_query(&self) -> &str {
        self.uri.path_and_query().map_or("/", |p| p.as_str())
    }
    /// Never known: an `http` request carries no sign of its connection's TLS, and the
    /// URI's scheme is what the client wrote (`GET https://… HTTP/1.1` on a plain listener).
    fn scheme(&self) -> Option<&str> {
        None
    }
    fn authority(&self) -> Option<&str> {
        self.uri.authority().map(|a| a.as_str())
    }
    fn header_values<'a>(&'a self, name: &'static str) -> impl Iterator<Item = &'a [u8]> + 'a {
        values(&self.headers, name)
    }
    fn peer_ip(&self) -> Option<IpAddr> {
        self.extensions
            .get::<std::net::SocketAddr>()
            .map(std::net::SocketAddr::ip)
    }
    fn body_pending(&self) -> bool {
        http1_body_pending(self.version, &self.headers)
    }
}

impl<B> RequestHead for http::Request<B> {
    fn method(&self) -> &str {
        self.method().as_str()
    }
    fn path(&self) -> &str {
        self.uri().path()
    }
    fn path_and_query(&self) -> &str {
        self.uri().path_and_query().map_or("/", |p| p.as_str())
    }
    /// Never known, as for [`http::request::Parts`].
    fn scheme(&self) -> Option<&str> {
        None
    }
    fn authority(&self) -> Option<&str> {
        self.uri().authority().map(|a| a.as_str())
    }
    fn header_values<'a>(&'a self, name: &'static str) -> impl Iterator<Item = &'a [u8]> + 'a {
        values(self.headers(), name)
    }
    fn peer_ip(&self) -> Option<IpAddr> {
        self.extensions()
            .get::<std::net::SocketAddr>()
            .map(std::net::SocketAddr::ip)
    }
    fn body_pending(&self) -> bool {
        http1_body_pending(self.version(), self.headers())
    }
}

/// The names of the headers the pipeline reads, in the order of [`HTTP1_NAMES`]: adapters
/// look these up as `HeaderName` constants, since looking up by text parses the text each
/// time (which was most of what the CSRF layer added to a request).
pub(crate) const READ_HEADERS: [&str; 9] = [
    "host",
    "origin",
    "cookie",
    "content-type",
    "content-length",
    "forwarded",
    "sec-fetch-site",
    "x-forwarded-proto",
    crate::csrf::TOKEN_HEADER,
];

/// [`READ_HEADERS`] as names of the `header` module given: `http` 1's, or actix-web's
/// (`http` 0.2).
macro_rules! read_header_names {
    ($header:ident) => {
        [
            $header::HOST,
            $header::ORIGIN,
            $header::COOKIE,
            $header::CONTENT_TYPE,
            $header::CONTENT_LENGTH,
            $header::FORWARDED,
            $header::HeaderName::from_static("sec-fetch-site"),
            $header::HeaderName::from_static("x-forwarded-proto"),
            $header::HeaderName::from_static($crate::csrf::TOKEN_HEADER),
        ]
    };
}
#[cfg(feature = "actix-web")]
pub(crate) use read_header_names;

/// [`READ_HEADERS`] as `http` 1 names.
const HTTP1_NAMES: [HeaderName; 9] = read_header_names!(header);

/// Where `name` is in [`READ_HEADERS`].
pub(crate) fn read_header_index(name: &str) -> Option<usize> {
    READ_HEADERS.iter().position(|read| *read == name)
}

/// The values of the header `name` in an `http` 1 map, looked up by constant when the
/// pipeline reads that header.
pub(crate) fn values<'a>(
    headers: &'a HeaderMap,
    name: &'static str,
) -> impl Iterator<Item = &'a [u8]> + 'a {
    let values = match read_header_index(name) {
        Some(index) => headers.get_all(&HTTP1_NAMES[index]),
        None => headers.get_all(name),
    };
    values.into_iter().map(HeaderValue::as_bytes)
}

/// Whether an HTTP/1 request announces a body (`Transfer-Encoding`, or a `Content-Length`
/// other than 0). HTTP/2 streams are independent: an unread body does not end the connection.
pub fn http1_body_pending(version: http::Version, headers: &HeaderMap) -> bool {
    version <= http::Version::HTTP_11
        && (headers.contains_key(header::TRANSFER_ENCODING)
            || headers
                .get(header::CONTENT_LENGTH)
                .is_some_and(|length| length.as_bytes() != b"0"))
}

/// The first value of a header as text; a value that is not text counts as absent.
fn text<'a>(head: &'a impl RequestHead, name: &'static str) -> Option<&'a str> {
    head.header_values(name)
        .next()
        .and_then(|v| std::str::from_utf8(v).ok())
}

/// The first value of the header `name` for the CSRF decision. A value that is not text is
/// malformed, not absent: it reads as U+FFFD, which is neither an origin, a `Sec-Fetch-Site`
/// value nor a token that any rule accepts, so the request is refused. (Read as absent, it
/// would let a request through that the same header in text refuses.)
fn text_or_malformed<'a>(head: &'a impl RequestHead, name: &'static str) -> Option<&'a str> {
    head.header_values(name)
        .next()
        .map(|v| std::str::from_utf8(v).unwrap_or("\u{fffd}"))
}

/// The host a request is for, as [`transport::request_host`](crate::transport::request_host)
/// decides it: the URI's authority, else the one `Host` header; several `Host` headers give
/// `Some("")`, which matches nothing.
pub fn request_host(head: &impl RequestHead) -> Option<&str> {
    crate::transport::request_host(head.authority(), head.header_values("host"))
}

/// What the transport rules read. Header values that are not text become `""`, which never
/// counts as HTTPS nor as a valid host; the last line of a forwarded header is read, as a
/// proxy appends its own.
pub fn transport_request(head: &impl RequestHead) -> TransportRequest<'_> {
    let last = |name| {
        head.header_values(name)
            .last()
            .map(|v| std::str::from_utf8(v).unwrap_or(""))
    };
    TransportRequest {
        host: request_host(head),
        scheme: head.scheme(),
        path_and_query: head.path_and_query(),
        peer: head.peer_ip(),
        x_forwarded_proto: last("x-forwarded-proto"),
        forwarded: last("forwarded"),
    }
}

/// What the CSRF decision reads.
pub fn csrf_request(head: &impl RequestHead) -> CsrfRequest<'_, impl Iterator<Item = &[u8]>> {
    CsrfRequest {
        headers: RequestHeaders {
            method: head.method(),
            sec_fetch_site: text_or_malformed(head, "sec-fetch-site"),
            origin: text_or_malformed(head, "origin"),
            host: request_host(head),
        },
        path: head.path(),
        cookies: head.header_values("cookie"),
        token_header: text_or_malformed(head, TOKEN_HEADER),
        content_type: text(head, "content-type"),
        content_length: text(head, "content-length").and_then(|length| length.trim().parse().ok()),
    }
}

/// A response the pipeline gives in place of the application's: a redirect, a refusal or
/// the report endpoint's reply. Adapters turn it into their own response type.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The headers: `Location`, `Allow`, `Content-Type`, and the security headers when the
    /// pipeline sends them.
    pub headers: HeaderMap,
    /// The body: empty, or a short plain-text reason.
    pub body: Bytes,
    /// Whether the connection must close after it: the request body was left unread.
    pub close: bool,
}

impl Answer {
    /// A response with a plain-text body (none when `text` is empty).
    pub fn text(status: StatusCode, text: &'static str) -> Self {
        let mut headers = HeaderMap::new();
        if !text.is_empty() {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
        }
        Self {
            status,
            headers,
            body: Bytes::from_static(text.as_bytes()),
            close: false,
        }
    }

    /// `Connection: close` goes with the answer when `close`.
    #[must_use]
    pub fn closing(mut self, close: bool) -> Self {
        self.close |= close;
        self
    }

    /// The answer as an `http` 1 response, with `Connection: close` when it must close the
    /// connection.
    pub fn into_response(self) -> Response<Bytes> {
        let mut response = Response::new(self.body);
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        if self.close {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }

    /// `308 Permanent Redirect` to `location`, or the refusal of an invalid host should the
    /// location not be a valid header value (it always is: a validated host and a
    /// percent-encoded path).
    pub fn redirect(location: &str) -> Self {
        let Ok(location) = HeaderValue::from_str(location) else {
            return Self::transport_refusal(TransportRejection::InvalidHost);
        };
        let mut answer = Self::text(
            StatusCode::from_u16(REDIRECT_STATUS).unwrap_or(StatusCode::PERMANENT_REDIRECT),
            "",
        );
        answer.headers.insert(header::LOCATION, location);
        answer
    }

    /// 400 with the rejection's reason, logged at INFO.
    pub fn transport_refusal(rejection: TransportRejection) -> Self {
        tracing::info!(target: "secure_http::transport", "request refused: {rejection}");
        Self::text(StatusCode::BAD_REQUEST, rejection.reason())
    }

    /// The answer to a transport decision, or `None` to pass the request on.
    pub fn from_transport(decision: TransportDecision) -> Option<Self> {
        match decision {
            TransportDecision::Pass => None,
            TransportDecision::Redirect(location) => Some(Self::redirect(&location)),
            TransportDecision::Reject(rejection) => Some(Self::transport_refusal(rejection)),
        }
    }

    /// 403 with the rejection's reason.
    pub fn csrf_refusal(rejection: CsrfRejection) -> Self {
        Self::text(StatusCode::FORBIDDEN, rejection.reason())
    }

    /// `408 Request Timeout` for a body that did not arrive in time; closes the connection.
    pub fn request_timeout() -> Self {
        Self::text(StatusCode::REQUEST_TIMEOUT, "request body timeout").closing(true)
    }

    /// The report endpoint's reply: 204, or an error with its reason (`Allow: POST` on 405).
    pub fn report(answer: ReportResponse) -> Self {
        let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut reply = Self::text(status, answer.reason);
        if status == StatusCode::METHOD_NOT_ALLOWED {
            reply
                .headers
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
        }
        reply
    }
}

/// A request body as the adapter could read it, at most [`PendingBody::limit`] bytes within
/// [`PendingBody::timeout`].
#[derive(Debug)]
pub enum BodyOutcome {
    /// The whole body, within the limit.
    Read(Bytes),
    /// The body was longer than the limit; reading stopped there.
    TooLarge,
    /// The connection failed while reading.
    Unreadable,
    /// The body did not arrive in time.
    TimedOut,
}

/// The report endpoint's first look at a request: an answer, or a body to read.
#[derive(Debug)]
pub enum ReportStart {
    /// Answer now (405, 413 on the declared length).
    Answer(Answer),
    /// Read the body, then call [`finish_report`].
    Read {
        /// At most this many bytes.
        limit: usize,
        /// Within this time.
        timeout: Duration,
        /// The request's `Content-Type`, which decides the body's format.
        content_type: Option<String>,
    },
}

/// What the report endpoint does with a request at its path, before any body is read.
pub fn start_report(endpoint: &ReportEndpoint, head: &impl RequestHead) -> ReportStart {
    let content_type = text(head, "content-type");
    let content_length = head.header_values("content-length").next();
    let is_post = head.method() == "POST";
    match endpoint.answer_before_reading(is_post, content_type, content_length) {
        Some(answer) => ReportStart::Answer(Answer::report(answer).closing(head.body_pending())),
        None => ReportStart::Read {
            limit: endpoint.body_limit(),
            timeout: endpoint.body_timeout(),
            content_type: content_type.map(str::to_owned),
        },
    }
}

/// The report endpoint's answer once the body was read; closes the connection when the body
/// was not read to its end.
pub fn finish_report(
    endpoint: &ReportEndpoint,
    content_type: Option<&str>,
    body: &BodyOutcome,
) -> Answer {
    let (body, unread) = match body {
        BodyOutcome::Read(bytes) => (ReportBody::Read(bytes), false),
        BodyOutcome::TooLarge => (ReportBody::TooLarge, true),
        BodyOutcome::Unreadable => (ReportBody::Unreadable, true),
        BodyOutcome::TimedOut => (ReportBody::TimedOut, true),
    };
    Answer::report(endpoint.receive(true, content_type, body)).closing(unread)
}

/// The CSRF decision after a form body was read: the session to go on with and the body to
/// give back to the application, or the answer (403, or 408 when the body did not arrive in
/// time).
pub fn finish_form(
    protection: &CsrfProtection,
    session: Option<CsrfSession>,
    body: BodyOutcome,
    method: &str,
    path: &str,
) -> Result<(Option<CsrfSession>, Bytes), CsrfAnswer> {
    let form = match body {
        BodyOutcome::Read(bytes) => Some(bytes),
        BodyOutcome::TimedOut => {
            tracing::info!(
                target: "secure_http::csrf",
                method,
                path,
                "request refused: its form body did not arrive in time"
            );
            return Err(CsrfAnswer::Timeout);
        }
        BodyOutcome::TooLarge | BodyOutcome::Unreadable => None,
    };
    let decision = protection.decide_with_form(session, form.as_deref(), method, path);
    match (decision, form) {
        (Decision::Pass(session), Some(form)) => Ok((session, form)),
        (Decision::Reject(rejection), form) => Err(CsrfAnswer::Refuse {
            rejection,
            // A body that was too long is left partly unread.
            unread: form.is_none(),
        }),
        (Decision::Pass(_) | Decision::ReadForm { .. }, form) => Err(CsrfAnswer::Refuse {
            rejection: CsrfRejection::MissingToken,
            unread: form.is_none(),
        }),
    }
}

/// A CSRF refusal, before it is made a response (the integrations let the application
/// choose the response of a [`CsrfRejection`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfAnswer {
    /// Refused: 403, or the application's response; `unread` closes the connection.
    Refuse {
        /// Why.
        rejection: CsrfRejection,
        /// Whether the body was left unread.
        unread: bool,
    },
    /// The form did not arrive in time: 408, closing the connection.
    Timeout,
}

/// The headers the CSRF protection adds to a response that passed: `Vary: cookie` when the
/// page may hold a token of the browser's cookie (a shared cache must not serve it to
/// others), and the `Set-Cookie` of a new cookie.
pub fn csrf_response_headers(
    session: Option<&CsrfSession>,
) -> impl Iterator<Item = (HeaderName, HeaderValue)> {
    let vary = session.map(|_| (header::VARY, HeaderValue::from_static("cookie")));
    let cookie = session
        .and_then(CsrfSession::set_cookie)
        .and_then(|cookie| HeaderValue::from_str(cookie).ok())
        .map(|value| (header::SET_COOKIE, value));
    vary.into_iter().chain(cookie)
}

/// The security headers as configured for an integration: the headers as sent (with the
/// report endpoint's `report-uri` added where a policy names none) and the endpoint.
#[derive(Debug)]
pub struct Protection {
    /// The headers as configured, before the report endpoint's `report-uri` is added.
    configured: SecurityHeaders,
    /// What is sent: `configured` with the report endpoint's `report-uri` where missing.
    headers: SecurityHeaders,
    reports: Option<ReportEndpoint>,
    /// `headers` as one map to clone onto common responses.
    template: Option<ResponseTemplate>,
    /// Whether the report endpoint has been announced in the log.
    announced: Once,
}

impl Protection {
    /// The report endpoint at its default path when a CSP is configured.
    ///
    /// # Panics
    ///
    /// When [`SecurityHeaders::check`] fails: this runs when the application builds its
    /// middleware, and a `report-to` naming no endpoint is a configuration mistake.
    pub fn new(headers: SecurityHeaders) -> Self {
        if let Err(error) = headers.check() {
            panic!("invalid security headers: {error}");
        }
        log_findings(&headers);
        headers.log_development_mode();
        let has_csp = headers.csp().is_some() || headers.csp_report_only().is_some();
        let reports = has_csp.then(ReportEndpoint::default);
        Self::build(headers, reports)
    }

    /// The same headers with another report endpoint, or none.
    pub fn with_reports(&self, reports: Option<ReportEndpoint>) -> Self {
        Self::build(self.configured.clone(), reports)
    }

    fn build(configured: SecurityHeaders, reports: Option<ReportEndpoint>) -> Self {
        let headers = match &reports {
            Some(endpoint) => configured
                .clone()
                .with_default_report_uri(endpoint.path())
                .expect("a ReportEndpoint path is a valid report-uri"),
            None => configured.clone(),
        };
        if headers.needs_nonce() {
            tracing::debug!(target: "secure_http", "CSP nonces enabled: one per response");
        }
        let template = headers.response_template();
        Self {
            configured,
            headers,
            reports,
            template,
            announced: Once::new(),
        }
    }

    /// The headers sent, with the report endpoint's `report-uri` where it was added.
    pub fn headers(&self) -> &SecurityHeaders {
        &self.headers
    }

    /// Sets [`headers`](Self::headers) on a response, as
    /// [`SecurityHeaders::apply_to_response_for`] does for a request that is (or is not) a
    /// development request: the same headers, from a map prepared once.
    #[doc(hidden)]
    pub fn apply_to_response_with<B>(
        &self,
        response: &mut Response<B>,
        nonce: Option<&CspNonce>,
        development: bool,
    ) {
        match &self.template {
            Some(template) => {
                self.headers
                    .apply_to_response_templated(template, response, nonce, development)
            }
            None => self
                .headers
                .apply_to_response_with(response, nonce, development),
        }
    }

    /// The report endpoint, if any.
    pub fn reports(&self) -> Option<&ReportEndpoint> {
        self.reports.as_ref()
    }

    /// Logs, once, where the report endpoint is: called when the middleware wraps a
    /// service, so that the line describes the configuration as finally built. An
    /// application's own route at that path is never reached, so it must not disappear
    /// silently.
    pub fn announce(&self) {
        self.announced.call_once(|| {
            if let Some(endpoint) = &self.reports {
                let path = endpoint.path();
                tracing::info!(
                    target: "secure_http::csp_report",
                    path,
                    "CSP reports are received at POST {path} (ReportEndpoint); other methods \
                     there get 405, and no route of the application at {path} is reached; \
                     `.without_report_endpoint()` turns it off"
                );
            }
        });
    }

    /// The report endpoint, when the request is for it.
    pub fn report_endpoint_at(&self, path: &str) -> Option<&ReportEndpoint> {
        self.reports.as_ref().filter(|e| e.path() == path)
    }

    /// Whether the request is a development request (development mode, loopback host).
    pub fn is_development(&self, head: &impl RequestHead) -> bool {
        self.headers.is_development_request(|| request_host(head))
    }
}

/// Logs the lint findings of the configured policies once, when the middleware is built:
/// policies made at runtime get the warnings `csp!` gives at compile time.
fn log_findings(headers: &SecurityHeaders) {
    let enforced = headers.csp_list().into_iter().flat_map(|l| l.policies());
    let policies = enforced.map(|p| ("Content-Security-Policy", p)).chain(
        headers
            .csp_report_only()
            .map(|p| ("Content-Security-Policy-Report-Only", p)),
    );
    for (header, policy) in policies {
        for finding in policy.lint() {
            tracing::warn!(
                target: "secure_http::csp_lint",
                header,
                lint = finding.lint().name(),
                severity = %finding.severity(),
                "{finding}"
            );
        }
    }
}

type CsrfResponder = Arc<dyn Fn(CsrfRejection) -> Answer + Send + Sync>;

/// Every protection of one application in the order they apply: allowed hosts, the HTTPS
/// redirect, the report endpoint, CSRF, then the security headers on the response. Each is
/// optional but the headers (which may be [`SecurityHeaders::empty`]).
///
/// Every answer the pipeline gives (refusals and redirects included) carries the security
/// headers, like the application's responses.
#[derive(Clone)]
pub struct Pipeline {
    hosts: Option<Arc<AllowedHosts>>,
    redirect: Option<Arc<HttpsRedirect>>,
    protection: Arc<Protection>,
    csrf: Option<Arc<CsrfProtection>>,
    csrf_responder: Option<CsrfResponder>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("hosts", &self.hosts)
            .field("redirect", &self.redirect)
            .field("protection", &self.protection)
            .field("csrf", &self.csrf)
            .finish_non_exhaustive()
    }
}

/// What to do with a request.
#[derive(Debug)]
pub enum Step {
    /// Answer it with this; the application does not see it.
    Answer(Answer),
    /// Read its body (at most [`PendingBody::limit`] bytes within
    /// [`PendingBody::timeout`]), then call [`Pipeline::on_body`].
    ReadBody(PendingBody),
    /// Pass it to the application; give the handler [`Pass::nonce`] and
    /// [`Pass::csrf_token`], and the response to [`Pipeline::on_response`].
    Pass(Pass),
}

/// A request whose body the pipeline needs before it decides.
#[derive(Debug)]
pub struct PendingBody {
    limit: usize,
    timeout: Duration,
    development: bool,
    purpose: Purpose,
}

#[derive(Debug)]
enum Purpose {
    Report {
        content_type: Option<String>,
    },
    Form {
        session: Option<CsrfSession>,
        method: String,
        path: String,
    },
}

impl PendingBody {
    /// Read at most this many bytes; a longer body is [`BodyOutcome::TooLarge`].
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Reading may take this long in all; then it is [`BodyOutcome::TimedOut`].
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Whether the body is a violation report for the report endpoint (else a form whose
    /// CSRF token the pipeline reads). An adapter that can only peek at a form's first bytes
    /// (rocket's fairings) reads a report's body elsewhere, whole.
    pub fn is_report(&self) -> bool {
        matches!(self.purpose, Purpose::Report { .. })
    }
}

/// A request that passed, with what its handler and its response need.
#[derive(Debug)]
pub struct Pass {
    nonce: Option<CspNonce>,
    csrf: Option<CsrfSession>,
    development: bool,
    body: Option<Bytes>,
}

impl Pass {
    /// The response's CSP nonce, when a policy asks for one.
    pub fn nonce(&self) -> Option<&CspNonce> {
        self.nonce.as_ref()
    }

    /// The response's CSRF token, when tokens are on.
    pub fn csrf_token(&self) -> Option<CsrfToken> {
        self.csrf.as_ref().map(CsrfSession::token)
    }

    /// The body the pipeline read (a form whose token it checked), to give back to the
    /// application; `None` when it read none.
    pub fn take_body(&mut self) -> Option<Bytes> {
        self.body.take()
    }

    /// Whether the response is a development response (no HSTS).
    pub fn is_development(&self) -> bool {
        self.development
    }
}

impl Pipeline {
    /// A pipeline sending `headers`, with the report endpoint at `/csp-report` when a CSP is
    /// configured (as the tower layer and the actix-web middleware do).
    ///
    /// # Panics
    ///
    /// When [`SecurityHeaders::check`] fails: a `report-to` names no configured endpoint.
    /// Call it yourself first to handle the error.
    pub fn new(headers: SecurityHeaders) -> Self {
        Self {
            hosts: None,
            redirect: None,
            protection: Arc::new(Protection::new(headers)),
            csrf: None,
            csrf_responder: None,
        }
    }

    /// Refuses requests for other hosts (400), first of all.
    #[must_use]
    pub fn allowed_hosts(mut self, hosts: AllowedHosts) -> Self {
        self.hosts = Some(Arc::new(hosts));
        self
    }

    /// Redirects plain-HTTP requests to HTTPS (308), after the host check.
    #[must_use]
    pub fn https_redirect(mut self, redirect: HttpsRedirect) -> Self {
        self.redirect = Some(Arc::new(redirect));
        self
    }

    /// Refuses forged state-changing requests (403) and, with tokens on, gives handlers the
    /// response's token.
    #[must_use]
    pub fn csrf(mut self, protection: CsrfProtection) -> Self {
        self.csrf = Some(Arc::new(protection));
        self
    }

    /// Answers refused forgeries with `f`'s answer instead of the plain 403 (the security
    /// headers are added to it).
    #[must_use]
    pub fn csrf_rejection_response(
        mut self,
        f: impl Fn(CsrfRejection) -> Answer + Send + Sync + 'static,
    ) -> Self {
        self.csrf_responder = Some(Arc::new(f));
        self
    }

    /// Serves reports at this endpoint instead (its path, body limit and callback).
    #[must_use]
    pub fn report_endpoint(mut self, endpoint: ReportEndpoint) -> Self {
        self.protection = Arc::new(self.protection.with_reports(Some(endpoint)));
        self
    }

    /// Serves no report endpoint and adds no `report-uri`.
    #[must_use]
    pub fn without_report_endpoint(mut self) -> Self {
        self.protection = Arc::new(self.protection.with_reports(None));
        self
    }

    /// The headers sent, with the report endpoint's `report-uri` where it was added.
    pub fn headers(&self) -> &SecurityHeaders {
        self.protection.headers()
    }

    /// The report endpoint, if any (its aggregate, its path).
    pub fn reports(&self) -> Option<&ReportEndpoint> {
        self.protection.reports()
    }

    /// Logs once where the report endpoint is; adapters call it when the application is
    /// built.
    pub fn announce(&self) {
        self.protection.announce();
    }

    /// The first decision on a request, from its head alone.
    pub fn on_request(&self, head: &impl RequestHead) -> Step {
        let development = self.protection.is_development(head);
        let transport = self
            .hosts
            .as_ref()
            .map(|hosts| hosts.decide(&transport_request(head)))
            .filter(|decision| *decision != TransportDecision::Pass)
            .or_else(|| {
                let redirect = self.redirect.as_ref()?;
                Some(redirect.decide(&transport_request(head)))
            });
        if let Some(answer) = transport.and_then(Answer::from_transport) {
            return Step::Answer(self.finish(answer.closing(head.body_pending()), development));
        }
        if let Some(endpoint) = self.protection.report_endpoint_at(head.path()) {
            return match start_report(endpoint, head) {
                ReportStart::Answer(answer) => Step::Answer(self.finish(answer, development)),
                ReportStart::Read {
                    limit,
                    timeout,
                    content_type,
                } => Step::ReadBody(PendingBody {
                    limit,
                    timeout,
                    development,
                    purpose: Purpose::Report { content_type },
                }),
            };
        }
        let session = match &self.csrf {
            None => None,
            Some(csrf) => match csrf.decide(csrf_request(head)) {
                Decision::Pass(session) => session,
                Decision::Reject(rejection) => {
                    let answer = self.csrf_answer(CsrfAnswer::Refuse {
                        rejection,
                        unread: head.body_pending(),
                    });
                    return Step::Answer(self.finish(answer, development));
                }
                Decision::ReadForm {
                    session,
                    limit,
                    timeout,
                } => {
                    return Step::ReadBody(PendingBody {
                        limit,
                        timeout,
                        development,
                        purpose: Purpose::Form {
                            session,
                            method: head.method().to_owned(),
                            path: head.path().to_owned(),
                        },
                    });
                }
            },
        };
        Step::Pass(self.pass(session, development, None))
    }

    /// The decision once the body asked for was read: an answer, or the request passes (with
    /// the body to give back, [`Pass::take_body`]).
    pub fn on_body(&self, pending: PendingBody, body: BodyOutcome) -> Step {
        let development = pending.development;
        match pending.purpose {
            Purpose::Report { content_type } => {
                let answer = match self.protection.reports() {
                    Some(endpoint) => finish_report(endpoint, content_type.as_deref(), &body),
                    None => Answer::text(StatusCode::NOT_FOUND, ""),
                };
                Step::Answer(self.finish(answer, development))
            }
            Purpose::Form {
                session,
                method,
                path,
            } => {
                let Some(csrf) = &self.csrf else {
                    return Step::Answer(self.finish(
                        Answer::csrf_refusal(CsrfRejection::MissingToken),
                        development,
                    ));
                };
                match finish_form(csrf, session, body, &method, &path) {
                    Ok((session, body)) => Step::Pass(self.pass(session, development, Some(body))),
                    Err(refusal) => {
                        Step::Answer(self.finish(self.csrf_answer(refusal), development))
                    }
                }
            }
        }
    }

    fn pass(&self, csrf: Option<CsrfSession>, development: bool, body: Option<Bytes>) -> Pass {
        Pass {
            nonce: self
                .protection
                .headers()
                .needs_nonce()
                .then(CspNonce::generate),
            csrf,
            development,
            body,
        }
    }

    fn csrf_answer(&self, answer: CsrfAnswer) -> Answer {
        match answer {
            CsrfAnswer::Timeout => Answer::request_timeout(),
            CsrfAnswer::Refuse { rejection, unread } => match &self.csrf_responder {
                Some(respond) => respond(rejection).closing(unread),
                None => Answer::csrf_refusal(rejection).closing(unread),
            },
        }
    }

    /// An answer with the security headers.
    fn finish(&self, mut answer: Answer, development: bool) -> Answer {
        let overrides = Overrides {
            development,
            ..Overrides::default()
        };
        let headers = self.protection.headers();
        let nonce = headers.needs_nonce().then(CspNonce::generate);
        headers.apply_changes(&mut answer.headers, nonce.as_ref(), &overrides);
        answer
    }

    /// Sets the security headers on the application's response (honouring a
    /// [`CspOverride`](crate::CspOverride) or [`SkipHsts`](crate::SkipHsts) in its
    /// extensions), and the CSRF cookie and `Vary`.
    pub fn on_response<B>(&self, pass: &Pass, response: &mut Response<B>) {
        let overrides = Overrides::from_extensions(response.extensions());
        self.on_response_headers(pass, response.headers_mut(), overrides);
    }

    /// [`on_response`](Self::on_response) for responses that are not `http::Response` but
    /// hold an `http` 1 `HeaderMap`; `overrides` are
    /// [`Overrides::from_extensions`] of the response's extensions.
    pub fn on_response_headers(&self, pass: &Pass, headers: &mut HeaderMap, overrides: Overrides) {
        let overrides = Overrides {
            development: pass.development,
            ..overrides
        };
        let configured = self.protection.headers();
        let fresh;
        let nonce = match pass.nonce() {
            Some(nonce) => Some(nonce),
            None if configured.needs_nonce() || overrides.needs_nonce() => {
                fresh = CspNonce::generate();
                Some(&fresh)
            }
            None => None,
        };
        configured.apply_changes(headers, nonce, &overrides);
        for (name, value) in csrf_response_headers(pass.csrf.as_ref()) {
            headers.append(name, value);
        }
    }

    /// [`on_response`](Self::on_response) for responses that are not `http` 1 types: every
    /// change to make, in order, given the overrides the handler asked for.
    pub fn response_edits(&self, pass: &Pass, overrides: Overrides) -> Vec<HeaderEdit> {
        let overrides = Overrides {
            development: pass.development,
            ..overrides
        };
        let headers = self.protection.headers();
        let nonce_needed = headers.needs_nonce() || overrides.needs_nonce();
        let fresh;
        let nonce = match pass.nonce() {
            Some(nonce) => Some(nonce),
            None if nonce_needed => {
                fresh = CspNonce::generate();
                Some(&fresh)
            }
            None => None,
        };
        let changes = headers.changes(nonce, &overrides);
        let mut edits = Vec::new();
        let slots = [
            (header::CONTENT_SECURITY_POLICY, changes.csp),
            (
                header::CONTENT_SECURITY_POLICY_REPORT_ONLY,
                changes.csp_report_only,
            ),
            (header::STRICT_TRANSPORT_SECURITY, changes.hsts),
            (
                HeaderName::from_static("reporting-endpoints"),
                changes.reporting_endpoints,
            ),
        ];
        for (name, change) in slots {
            match change {
                crate::HeaderChange::Keep => {}
                crate::HeaderChange::Set(value) => edits.push(HeaderEdit::Set(name, value)),
                crate::HeaderChange::Remove => edits.push(HeaderEdit::Remove(name)),
            }
        }
        let (always, removed) = headers.fixed_headers();
        edits.extend(removed.iter().cloned().map(HeaderEdit::Remove));
        edits.extend(
            always
                .iter()
                .map(|(name, value)| HeaderEdit::Set(name.clone(), value.clone())),
        );
        for (name, value) in csrf_response_headers(pass.csrf.as_ref()) {
            edits.push(HeaderEdit::Append(name, value));
        }
        edits
    }
}

/// One change to a response's headers, for adapters whose responses are not `http` 1 types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderEdit {
    /// Replace every value of the header with this one.
    Set(HeaderName, HeaderValue),
    /// Add this value beside the others.
    Append(HeaderName, HeaderValue),
    /// Remove the header.
    Remove(HeaderName),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_read_header_has_its_own_name() {
        for (name, http1) in READ_HEADERS.iter().zip(&HTTP1_NAMES) {
            assert_eq!(http1, &HeaderName::from_static(name));
            assert_eq!(
                read_header_index(name).map(|i| READ_HEADERS[i]),
                Some(*name)
            );
        }
        assert_eq!(read_header_index("referer"), None);
    }

    #[test]
    fn every_value_is_read_known_name_or_not() {
        let mut request = http::Request::new(());
        let headers = request.headers_mut();
        headers.append("sec-fetch-site", HeaderValue::from_static("same-origin"));
        headers.append("cookie", HeaderValue::from_static("a=1"));
        headers.append("cookie", HeaderValue::from_static("b=2"));
        headers.append("x-other", HeaderValue::from_static("1"));
        let read = |name| request.header_values(name).collect::<Vec<&[u8]>>();
        assert_eq!(read("sec-fetch-site"), [b"same-origin".as_slice()]);
        assert_eq!(read("cookie"), [b"a=1".as_slice(), b"b=2"]);
        assert_eq!(read("x-other"), [b"1".as_slice()]);
        assert!(read("origin").is_empty());
    }
}

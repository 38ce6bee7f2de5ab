//! An actix-web middleware with the behaviour of the tower layer: the security headers on
//! every response, a fresh [`CspNonce`] per request when a policy asks for one (extract it
//! in handlers), per-response overrides, and the CSP report endpoint.
//!
//! actix-web 4 uses `http` 0.2; header values are converted at this edge, once at start-up,
//! except a policy with a nonce, whose text is made for each response.

pub use super::actix_csrf::{Csrf, CsrfMiddleware};
#[cfg(feature = "current")]
#[cfg_attr(docsrs, doc(cfg(feature = "current")))]
pub use super::actix_current::{CurrentNonce, CurrentNonceMiddleware};
pub use super::actix_transport::{
    AllowedHosts, AllowedHostsMiddleware, HttpsRedirect, HttpsRedirectMiddleware,
};

use crate::pipeline::Protection;
use crate::pipeline::{self, Answer, BodyOutcome, ReportStart, RequestHead};
use crate::report::ReportEndpoint;
use crate::{
    CspNonce, CspOverride, HeaderChange, HeaderChanges, Overrides, SecurityHeaders, SkipHsts,
};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use bytes::BytesMut;
use futures_util::StreamExt as _;
use futures_util::future::{LocalBoxFuture, Ready, ready};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

/// The actix-web middleware: `App::new().wrap(SecureHeaders::new(headers))`.
///
/// The report endpoint is on when a CSP is configured, at `/csp-report`, and policies that
/// name no `report-uri` or `report-to` get `report-uri /csp-report`, as with the tower layer.
/// The middleware answers every request to that path itself (405 to methods other than
/// POST), so a route of the application there is never reached: when the application is
/// built, the path is logged once at INFO (target `secure_http::csp_report`), and
/// [`without_report_endpoint`](Self::without_report_endpoint) turns the endpoint off.
#[derive(Debug, Clone)]
pub struct SecureHeaders {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    protection: Protection,
    /// The headers sent on every response, and those removed, as actix types.
    always: Vec<(header::HeaderName, HeaderValue)>,
    removed: Vec<header::HeaderName>,
    /// Every header a common response gets (no override, not development), as one map to
    /// clone, which costs less than inserting them one by one; without the policies that
    /// take a nonce, which are written on each response.
    template: HeaderMap,
    /// The names of the policies that take a nonce.
    nonce_names: Vec<header::HeaderName>,
}

/// [`pipeline::READ_HEADERS`] as actix (`http` 0.2) names: looking a header up by its text
/// parses the text, and copies it for a name that is not a standard one.
const ACTIX_NAMES: [header::HeaderName; 9] = pipeline::read_header_names!(header);

/// The changes of one response with actix (`http` 0.2) values.
type ActixValues = HeaderChanges<HeaderValue>;

fn to_actix(changes: HeaderChanges) -> ActixValues {
    changes.map(|value| {
        HeaderValue::from_bytes(value.as_bytes()).expect("an http 1 header value is valid")
    })
}

fn apply(changes: ActixValues, headers: &mut HeaderMap) {
    let slots = [
        (header::CONTENT_SECURITY_POLICY, changes.csp),
        (
            header::CONTENT_SECURITY_POLICY_REPORT_ONLY,
            changes.csp_report_only,
        ),
        (header::STRICT_TRANSPORT_SECURITY, changes.hsts),
        (
            header::HeaderName::from_static("reporting-endpoints"),
            changes.reporting_endpoints,
        ),
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

impl Shared {
    fn new(protection: Protection) -> Self {
        let headers = protection.headers();
        let name = |name: &http::HeaderName| {
            header::HeaderName::from_bytes(name.as_str().as_bytes())
                .expect("an http 1 header name is valid")
        };
        let (always, removed) = headers.fixed_headers();
        let always = always
            .iter()
            .map(|(n, v)| {
                let value = HeaderValue::from_bytes(v.as_bytes()).expect("valid header value");
                (name(n), value)
            })
            .collect();
        let removed = removed.iter().map(name).collect();
        let probe = CspNonce::generate();
        let nonce_names: Vec<header::HeaderName> = [
            header::CONTENT_SECURITY_POLICY,
            header::CONTENT_SECURITY_POLICY_REPORT_ONLY,
        ]
        .into_iter()
        .zip(headers.nonce_policy_texts(&probe))
        .filter_map(|(name, text)| text.map(|_| name))
        .collect();
        let changes = to_actix(headers.changes(Some(&probe), &Overrides::default()));
        let mut shared = Self {
            protection,
            always,
            removed,
            template: HeaderMap::new(),
            nonce_names,
        };
        let mut template = HeaderMap::new();
        shared.apply(changes, &mut template);
        for name in &shared.nonce_names {
            template.remove(name);
        }
        shared.template = template;
        shared
    }

    /// The headers of a response: for a common one, the handler's headers are moved onto a
    /// clone of the template, except those the template sets and the removed ones; then the
    /// policies with a nonce are written with `nonce` (a fresh one when `None`). Responses
    /// with an override and development responses take the insertion path.
    fn apply_common(
        &self,
        nonce: Option<&CspNonce>,
        overrides: &Overrides,
        headers: &mut HeaderMap,
    ) {
        let common = overrides.csp.is_none() && !overrides.skip_hsts && !overrides.development;
        if !common {
            return self.apply(self.values(nonce, overrides), headers);
        }
        let from_handler = std::mem::replace(headers, self.template.clone());
        for (name, value) in from_handler {
            // A handler's policy of a name in `nonce_names` is replaced below.
            if !self.template.contains_key(&name) && !self.removed.contains(&name) {
                headers.append(name, value);
            }
        }
        if self.nonce_names.is_empty() {
            return;
        }
        let nonce = CspNonce::given_or_fresh(nonce);
        let names = [
            header::CONTENT_SECURITY_POLICY,
            header::CONTENT_SECURITY_POLICY_REPORT_ONLY,
        ];
        let texts = self.protection.headers().nonce_policy_texts(&nonce);
        for (name, text) in names.into_iter().zip(texts) {
            if let Some(text) = text {
                let value = HeaderValue::from_maybe_shared(bytes::Bytes::from(text))
                    .expect("a validated policy and a base64 nonce are header text");
                headers.insert(name, value);
            }
        }
    }

    fn apply(&self, changes: ActixValues, headers: &mut HeaderMap) {
        apply(changes, headers);
        for (name, value) in &self.always {
            headers.insert(name.clone(), value.clone());
        }
        for name in &self.removed {
            headers.remove(name);
        }
    }

    fn development(&self, request: &ServiceRequest) -> bool {
        self.protection.is_development(request)
    }

    /// The changes of a response that takes the insertion path.
    fn values(&self, nonce: Option<&CspNonce>, overrides: &Overrides) -> ActixValues {
        let fresh;
        let nonce = match nonce {
            Some(nonce) => Some(nonce),
            None if overrides.needs_nonce() || self.protection.headers().needs_nonce() => {
                fresh = CspNonce::generate();
                Some(&fresh)
            }
            None => None,
        };
        to_actix(self.protection.headers().changes(nonce, overrides))
    }
}

impl SecureHeaders {
    /// The middleware sending `headers`, with the report endpoint at `/csp-report` when a
    /// CSP is configured.
    ///
    /// # Panics
    ///
    /// When [`SecurityHeaders::check`] fails: a `report-to` names no configured endpoint.
    pub fn new(headers: SecurityHeaders) -> Self {
        Self {
            shared: Arc::new(Shared::new(Protection::new(headers))),
        }
    }

    /// Serves reports at this endpoint instead.
    pub fn report_endpoint(self, endpoint: ReportEndpoint) -> Self {
        Self {
            shared: Arc::new(Shared::new(
                self.shared.protection.with_reports(Some(endpoint)),
            )),
        }
    }

    /// Serves no report endpoint and adds no `report-uri`: requests to `/csp-report` reach
    /// the application like any other.
    pub fn without_report_endpoint(self) -> Self {
        Self {
            shared: Arc::new(Shared::new(self.shared.protection.with_reports(None))),
        }
    }

    /// The headers sent, with the report endpoint's `report-uri` where it was added.
    pub fn headers(&self) -> &SecurityHeaders {
        self.shared.protection.headers()
    }
}

impl<S, B> Transform<S, ServiceRequest> for SecureHeaders
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = SecureHeadersService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        self.shared.protection.announce();
        ready(Ok(SecureHeadersService {
            service: Rc::new(service),
            shared: self.shared.clone(),
        }))
    }
}

/// The service made by [`SecureHeaders`].
pub struct SecureHeadersService<S> {
    service: Rc<S>,
    shared: Arc<Shared>,
}

impl<S, B> Service<ServiceRequest> for SecureHeadersService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let shared = self.shared.clone();
        if shared
            .protection
            .report_endpoint_at(request.path())
            .is_some()
        {
            return Box::pin(receive_report(shared, request));
        }
        let nonce = shared
            .protection
            .headers()
            .needs_nonce()
            .then(CspNonce::generate);
        let development = shared.development(&request);
        if let Some(nonce) = &nonce {
            request.extensions_mut().insert(nonce.clone());
        }
        let future = self.service.call(request);
        Box::pin(async move {
            let mut response = future.await?;
            let overrides = {
                let extensions = response.response().extensions();
                Overrides {
                    csp: extensions.get::<CspOverride>().cloned(),
                    skip_hsts: extensions.get::<SkipHsts>().is_some(),
                    development,
                }
            };
            shared.apply_common(nonce.as_ref(), &overrides, response.headers_mut());
            Ok(response.map_into_left_body())
        })
    }
}

async fn receive_report<B>(
    shared: Arc<Shared>,
    mut request: ServiceRequest,
) -> Result<ServiceResponse<EitherBody<B>>, Error> {
    let endpoint = shared
        .protection
        .reports()
        .expect("report requests are only routed here when an endpoint is configured");
    let development = shared.development(&request);
    let answer = match pipeline::start_report(endpoint, &request) {
        ReportStart::Answer(answer) => answer,
        ReportStart::Read {
            limit,
            timeout,
            content_type,
        } => {
            let body = read_body(&mut request, limit, timeout).await;
            pipeline::finish_report(endpoint, content_type.as_deref(), &body)
        }
    };
    let mut response = answer_response(answer);
    let overrides = Overrides {
        development,
        ..Overrides::default()
    };
    shared.apply_common(None, &overrides, response.headers_mut());
    Ok(request.into_response(response).map_into_right_body())
}

/// Reads at most `limit` bytes of the request's body within `timeout`.
pub(crate) async fn read_body(
    request: &mut ServiceRequest,
    limit: usize,
    timeout: Duration,
) -> BodyOutcome {
    let mut payload = request.take_payload();
    let read = async {
        let mut body = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            match chunk {
                Ok(chunk) if body.len() + chunk.len() <= limit => body.extend_from_slice(&chunk),
                Ok(_) => return BodyOutcome::TooLarge,
                Err(_) => return BodyOutcome::Unreadable,
            }
        }
        BodyOutcome::Read(body.freeze())
    };
    actix_web::rt::time::timeout(timeout, read)
        .await
        .unwrap_or(BodyOutcome::TimedOut)
}

/// The pipeline's answer as an actix-web response (`http` 0.2 types).
pub(crate) fn answer_response(answer: Answer) -> HttpResponse {
    let status = StatusCode::from_u16(answer.status.as_u16()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = HttpResponse::build(status);
    for (name, value) in &answer.headers {
        response.append_header((name.as_str(), value.as_bytes()));
    }
    if answer.close {
        response.force_close();
    }
    response.body(answer.body)
}

/// What the pipeline reads of an actix-web request.
impl RequestHead for ServiceRequest {
    fn method(&self) -> &str {
        ServiceRequest::method(self).as_str()
    }
    fn path(&self) -> &str {
        ServiceRequest::path(self)
    }
    fn path_and_query(&self) -> &str {
        self.uri().path_and_query().map_or("/", |p| p.as_str())
    }
    /// `https` on a TLS listener (`bind_rustls_0_23`, `bind_openssl`, ...), whatever the
    /// request target says.
    fn scheme(&self) -> Option<&str> {
        self.app_config().secure().then_some("https")
    }
    fn authority(&self) -> Option<&str> {
        self.uri().authority().map(|a| a.as_str())
    }
    fn header_values<'a>(&'a self, name: &'static str) -> impl Iterator<Item = &'a [u8]> + 'a {
        let values = match pipeline::read_header_index(name) {
            Some(index) => self.headers().get_all(&ACTIX_NAMES[index]),
            None => self.headers().get_all(name),
        };
        values.map(HeaderValue::as_bytes)
    }
    /// `peer_addr()`, the TCP peer: actix-web's `ConnectionInfo`, which believes forwarded
    /// headers from anyone, is not used.
    fn peer_ip(&self) -> Option<std::net::IpAddr> {
        self.peer_addr().map(|addr| addr.ip())
    }
    fn body_pending(&self) -> bool {
        let has_body = self.headers().contains_key(header::TRANSFER_ENCODING)
            || self
                .headers()
                .get(header::CONTENT_LENGTH)
                .is_some_and(|length| length.as_bytes() != b"0");
        self.version() <= actix_web::http::Version::HTTP_11 && has_body
    }
}

/// Extracts the nonce of this response in actix-web handlers, for templates.
///
/// Fails with 500 when the route is not wrapped in a [`SecureHeaders`] whose policy asks
/// for `nonce`.
impl FromRequest for CspNonce {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(request.extensions().get::<CspNonce>().cloned().ok_or_else(|| {
            actix_web::error::ErrorInternalServerError(
                "no CSP nonce for this request: wrap the route in SecureHeaders with a policy that uses `nonce`",
            )
        }))
    }
}

#[cfg(test)]
mod template_tests {
    use super::*;
    use crate::headers::template_tests::{configurations, handler_headers};

    fn map(headers: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                header::HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    /// Each name with its values in order, names sorted.
    fn received(map: &HeaderMap) -> Vec<(String, Vec<Vec<u8>>)> {
        let mut names: Vec<&header::HeaderName> = map.keys().collect();
        names.sort_by_key(|name| name.as_str());
        names.dedup();
        names
            .into_iter()
            .map(|name| {
                let values = map.get_all(name).map(|v| v.as_bytes().to_vec());
                (name.to_string(), values.collect())
            })
            .collect()
    }

    #[test]
    fn the_template_gives_the_headers_insertion_gives() {
        for headers in configurations() {
            let shared = Shared::new(Protection::new(headers));
            let nonce = CspNonce::generate();
            let nonce = shared.protection.headers().needs_nonce().then_some(&nonce);
            for handler in handler_headers() {
                for development in [false, true] {
                    let overrides = Overrides {
                        development,
                        ..Overrides::default()
                    };
                    let mut inserted = map(&handler);
                    shared.apply(shared.values(nonce, &overrides), &mut inserted);
                    let mut templated = map(&handler);
                    shared.apply_common(nonce, &overrides, &mut templated);
                    assert_eq!(received(&inserted), received(&templated), "{handler:?}");
                }
            }
        }
    }

    #[test]
    fn each_read_header_has_its_own_actix_name() {
        for (name, actix) in pipeline::READ_HEADERS.iter().zip(&ACTIX_NAMES) {
            assert_eq!(actix.as_str(), *name);
        }
    }

    #[test]
    fn overrides_take_the_insertion_path() {
        let shared = Shared::new(Protection::new(SecurityHeaders::new()));
        let overrides = Overrides {
            skip_hsts: true,
            ..Overrides::default()
        };
        let mut headers = map(&[("strict-transport-security", "max-age=1")]);
        shared.apply_common(None, &overrides, &mut headers);
        assert!(!headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
        assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    }
}

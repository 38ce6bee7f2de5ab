//! An actix-web middleware with the behaviour of the tower layer: the security headers on
//! every response, a fresh [`CspNonce`] per request when a policy asks for one (extract it
//! in handlers), per-response overrides, and the CSP report endpoint.
//!
//! actix-web 4 uses `http` 0.2; header values are converted at this edge, once at start-up
//! for policies without a nonce.

pub use super::actix_csrf::{Csrf, CsrfMiddleware};
pub use super::actix_transport::{
    AllowedHosts, AllowedHostsMiddleware, HttpsRedirect, HttpsRedirectMiddleware,
};

use super::protection::Protection;
use crate::report::{ReportBody, ReportEndpoint, ReportResponse};
use crate::{
    CspNonce, CspOverride, HeaderChange, HeaderChanges, Overrides, SecurityHeaders, SkipHsts,
};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use futures_util::StreamExt as _;
use futures_util::future::{LocalBoxFuture, Ready, ready};
use std::rc::Rc;
use std::sync::Arc;

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
    /// The actix values of the headers when no response needs its own (no nonce).
    fixed: Option<ActixValues>,
    /// The headers sent on every response, and those removed, as actix types.
    always: Vec<(header::HeaderName, HeaderValue)>,
    removed: Vec<header::HeaderName>,
}

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
        let headers = &protection.headers;
        let fixed = (!headers.needs_nonce())
            .then(|| to_actix(headers.changes(None, &Overrides::default())));
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
        Self {
            protection,
            fixed,
            always,
            removed,
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
        self.protection
            .headers
            .is_development_request(|| request_host(request))
    }

    fn values(&self, nonce: Option<&CspNonce>, overrides: &Overrides) -> ActixValues {
        match &self.fixed {
            Some(fixed)
                if overrides.csp.is_none() && !overrides.skip_hsts && !overrides.development =>
            {
                fixed.clone()
            }
            _ => {
                let fresh;
                let nonce = match nonce {
                    Some(nonce) => Some(nonce),
                    None if overrides.needs_nonce() || self.protection.headers.needs_nonce() => {
                        fresh = CspNonce::generate();
                        Some(&fresh)
                    }
                    None => None,
                };
                to_actix(self.protection.headers.changes(nonce, overrides))
            }
        }
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
        &self.shared.protection.headers
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
            .headers
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
            shared.apply(
                shared.values(nonce.as_ref(), &overrides),
                response.headers_mut(),
            );
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
        .reports
        .as_ref()
        .expect("report requests are only routed here when an endpoint is configured");
    let development = shared.development(&request);
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let content_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .map(HeaderValue::as_bytes);
    let is_post = request.method() == Method::POST;
    let early = endpoint.answer_before_reading(is_post, content_type.as_deref(), content_length);
    // Whether the answer leaves (part of) the body unread, which ends the connection.
    let (answer, unread) = if let Some(answer) = early {
        (answer, super::actix_csrf::body_left_unread(&request))
    } else {
        let mut payload = request.take_payload();
        let mut body = Vec::new();
        let read = async {
            while let Some(chunk) = payload.next().await {
                match chunk {
                    Ok(chunk) if body.len() + chunk.len() <= endpoint.body_limit() => {
                        body.extend_from_slice(&chunk);
                    }
                    Ok(_) => return Some(ReportBody::TooLarge),
                    Err(_) => return Some(ReportBody::Unreadable),
                }
            }
            None
        };
        let outcome = match actix_web::rt::time::timeout(endpoint.body_timeout(), read).await {
            Ok(outcome) => outcome,
            Err(_elapsed) => Some(ReportBody::TimedOut),
        };
        let unread = outcome.is_some();
        let body = outcome.unwrap_or(ReportBody::Read(&body));
        (
            endpoint.receive(true, content_type.as_deref(), body),
            unread,
        )
    };
    let mut response = super::actix_csrf::close_if(unread, report_response(answer));
    let overrides = Overrides {
        development,
        ..Overrides::default()
    };
    shared.apply(shared.values(None, &overrides), response.headers_mut());
    Ok(request.into_response(response).map_into_right_body())
}

fn report_response(answer: ReportResponse) -> HttpResponse {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = HttpResponse::build(status);
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response.insert_header((header::ALLOW, "POST"));
    }
    if answer.reason.is_empty() {
        response.finish()
    } else {
        response
            .content_type("text/plain; charset=utf-8")
            .body(answer.reason)
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

/// The host a request is for, as [`transport::request_host`](crate::transport::request_host)
/// decides it for every actix middleware: HTTP/2's `:authority`, else the one `Host` header;
/// several `Host` headers give `Some("")`, which matches nothing.
pub(crate) fn request_host(request: &ServiceRequest) -> Option<&str> {
    crate::transport::request_host(
        request.uri().authority().map(|a| a.as_str()),
        request
            .headers()
            .get_all(header::HOST)
            .map(actix_web::http::header::HeaderValue::as_bytes),
    )
}

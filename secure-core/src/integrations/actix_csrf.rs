//! The actix-web CSRF middleware, with the behaviour of the tower `CsrfLayer`.

use crate::csrf::{
    CsrfProtection, CsrfRejection, CsrfRequest, CsrfSession, CsrfToken, Decision, RequestHeaders,
    TOKEN_HEADER,
};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{self, HeaderValue};
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use futures_util::StreamExt as _;
use futures_util::future::{LocalBoxFuture, Ready, ready};
use std::rc::Rc;
use std::sync::Arc;

type RejectionResponder = Arc<dyn Fn(CsrfRejection) -> HttpResponse + Send + Sync>;

/// Applies [`CsrfProtection`] to every request: `App::new().wrap(Csrf::new(protection))`.
///
/// Refused requests get 403 with the reason as plain text, or the response of
/// [`rejection_response`](Self::rejection_response). With tokens on, handlers extract the
/// response's [`CsrfToken`]. A form's body is read (up to the configured limit) to find its
/// `csrf_token` field, and put back for the handler.
#[derive(Clone)]
pub struct Csrf {
    protection: Arc<CsrfProtection>,
    rejection: Option<RejectionResponder>,
}

impl std::fmt::Debug for Csrf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Csrf")
            .field("protection", &self.protection)
            .finish_non_exhaustive()
    }
}

impl Csrf {
    /// The middleware applying `protection`.
    pub fn new(protection: CsrfProtection) -> Self {
        Self {
            protection: Arc::new(protection),
            rejection: None,
        }
    }

    /// Answers refused requests with `f`'s response instead of the plain 403.
    pub fn rejection_response(
        mut self,
        f: impl Fn(CsrfRejection) -> HttpResponse + Send + Sync + 'static,
    ) -> Self {
        self.rejection = Some(Arc::new(f));
        self
    }

    fn reject(&self, rejection: CsrfRejection) -> HttpResponse {
        match &self.rejection {
            Some(respond) => respond(rejection),
            None => HttpResponse::Forbidden()
                .content_type("text/plain; charset=utf-8")
                .body(rejection.reason()),
        }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Csrf
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = CsrfMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CsrfMiddleware {
            service: Rc::new(service),
            csrf: self.clone(),
        }))
    }
}

/// The service made by [`Csrf`].
pub struct CsrfMiddleware<S> {
    service: Rc<S>,
    csrf: Csrf,
}

impl<S, B> Service<ServiceRequest> for CsrfMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, mut request: ServiceRequest) -> Self::Future {
        let service = self.service.clone();
        let csrf = self.csrf.clone();
        Box::pin(async move {
            let decision = csrf.protection.decide(csrf_request(&request));
            let session = match decision {
                Decision::Pass(session) => session,
                Decision::Reject(rejection) => {
                    let unread = body_left_unread(&request);
                    let response = close_if(unread, csrf.reject(rejection));
                    return Ok(request.into_response(response).map_into_right_body());
                }
                Decision::ReadForm {
                    session,
                    limit,
                    timeout,
                } => {
                    let read = read_limited(&mut request, limit);
                    let Ok(body) = actix_web::rt::time::timeout(timeout, read).await else {
                        tracing::info!(
                            target: "secure_http::csrf",
                            method = %request.method(),
                            path = %request.path(),
                            "request refused: its form body did not arrive within {timeout:?}"
                        );
                        let response = HttpResponse::RequestTimeout()
                            .content_type("text/plain; charset=utf-8")
                            .force_close()
                            .body("request body timeout");
                        return Ok(request.into_response(response).map_into_right_body());
                    };
                    // A body that was too long is left partly unread.
                    let unread = body.is_none();
                    let method = request.method().as_str().to_owned();
                    let decision = csrf.protection.decide_with_form(
                        session,
                        body.as_deref(),
                        &method,
                        request.path(),
                    );
                    match (decision, body) {
                        (Decision::Pass(session), Some(body)) => {
                            request.set_payload(Payload::from(body));
                            session
                        }
                        (Decision::Reject(rejection), _) => {
                            let response = close_if(unread, csrf.reject(rejection));
                            return Ok(request.into_response(response).map_into_right_body());
                        }
                        _ => {
                            let response = csrf.reject(CsrfRejection::MissingToken);
                            let response = close_if(unread, response);
                            return Ok(request.into_response(response).map_into_right_body());
                        }
                    }
                }
            };
            if let Some(session) = &session {
                request.extensions_mut().insert(session.token());
            }
            let mut response = service.call(request).await?;
            if session.is_some() {
                // The page may hold a token of this cookie: no shared cache may serve it to others.
                response
                    .headers_mut()
                    .append(header::VARY, HeaderValue::from_static("cookie"));
            }
            if let Some(cookie) = session.as_ref().and_then(CsrfSession::set_cookie)
                && let Ok(value) = HeaderValue::from_str(cookie)
            {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            Ok(response.map_into_left_body())
        })
    }
}

/// Whether answering now leaves a request body unread on an HTTP/1 connection, which the
/// server then cannot reuse. (HTTP/2 streams are independent.)
pub(crate) fn body_left_unread(request: &ServiceRequest) -> bool {
    let has_body = request.headers().contains_key(header::TRANSFER_ENCODING)
        || request
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|length| length.as_bytes() != b"0");
    request.version() <= actix_web::http::Version::HTTP_11 && has_body
}

/// Closes the connection after `response` when `close`: a refusal that leaves the request
/// body unread ends the connection, and a keep-alive client must be told so
/// (`Connection: close`).
pub(crate) fn close_if(close: bool, mut response: HttpResponse) -> HttpResponse {
    if close {
        response
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
    }
    response
}

/// The whole body if it is at most `limit` bytes; `None` when longer or unreadable.
async fn read_limited(request: &mut ServiceRequest, limit: usize) -> Option<bytes::Bytes> {
    let mut payload = request.take_payload();
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.ok()?;
        if body.len() + chunk.len() > limit {
            return None;
        }
        body.extend_from_slice(&chunk);
    }
    Some(body.freeze())
}

fn csrf_request(request: &ServiceRequest) -> CsrfRequest<'_, impl Iterator<Item = &[u8]>> {
    let text = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    CsrfRequest {
        headers: RequestHeaders {
            method: request.method().as_str(),
            sec_fetch_site: text("sec-fetch-site"),
            origin: text("origin"),
            // HTTP/2's `:authority` first, as Go does; `Host` for HTTP/1.1.
            host: super::actix::request_host(request),
        },
        path: request.path(),
        cookies: request
            .headers()
            .get_all(header::COOKIE)
            .map(HeaderValue::as_bytes),
        token_header: text(TOKEN_HEADER),
        content_type: text("content-type"),
    }
}

/// Extracts the CSRF token of this response in actix-web handlers.
///
/// Fails with 500 when the route is not wrapped in [`Csrf`] with tokens on.
impl FromRequest for CsrfToken {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            request
                .extensions()
                .get::<CsrfToken>()
                .cloned()
                .ok_or_else(|| {
                    actix_web::error::ErrorInternalServerError(
                        "no CSRF token for this request: wrap the route in Csrf with tokens",
                    )
                }),
        )
    }
}

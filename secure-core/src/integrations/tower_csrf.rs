//! A tower `Layer` for CSRF protection: refuses cross-origin state-changing requests and,
//! with tokens on, requests without a valid token; gives handlers the token of the response.

use crate::csrf::{
    CsrfProtection, CsrfRejection, CsrfRequest, CsrfSession, Decision, RequestHeaders, TOKEN_HEADER,
};
use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body::Body;
use http_body_util::{BodyExt, Either, Full, Limited};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower_layer::Layer;
use tower_service::Service;

/// The body of responses that pass through [`CsrfService`]: the inner service's body, or a
/// rejection.
pub type CsrfBody<B> = Either<B, Full<Bytes>>;

type RejectionResponder = Arc<dyn Fn(CsrfRejection) -> Response<Full<Bytes>> + Send + Sync>;

/// Applies [`CsrfProtection`] to every request.
///
/// Refused requests get 403 with the reason as plain text (`cross-origin request`,
/// `missing CSRF token`, `invalid CSRF token`), or the response of
/// [`rejection_response`](Self::rejection_response). With tokens on, each request's
/// [`CsrfToken`](crate::csrf::CsrfToken) is in its extensions for the handler, and a browser
/// without a valid cookie gets one.
///
/// Reading the `csrf_token` field of a form needs the body back afterwards, so the request
/// body type must be buildable from bytes (`From<Bytes>`), as axum's and `Full<Bytes>` are.
#[derive(Clone)]
pub struct CsrfLayer {
    protection: Arc<CsrfProtection>,
    rejection: Option<RejectionResponder>,
}

impl std::fmt::Debug for CsrfLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsrfLayer")
            .field("protection", &self.protection)
            .finish_non_exhaustive()
    }
}

impl CsrfLayer {
    /// A layer applying `protection`.
    pub fn new(protection: CsrfProtection) -> Self {
        Self {
            protection: Arc::new(protection),
            rejection: None,
        }
    }

    /// Answers refused requests with `f`'s response instead of the plain 403.
    pub fn rejection_response(
        mut self,
        f: impl Fn(CsrfRejection) -> Response<Full<Bytes>> + Send + Sync + 'static,
    ) -> Self {
        self.rejection = Some(Arc::new(f));
        self
    }
}

impl<S> Layer<S> for CsrfLayer {
    type Service = CsrfService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CsrfService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service made by [`CsrfLayer`].
#[derive(Clone)]
pub struct CsrfService<S> {
    inner: S,
    layer: CsrfLayer,
}

impl<S> std::fmt::Debug for CsrfService<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsrfService").finish_non_exhaustive()
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for CsrfService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send,
    ReqBody: Body + From<Bytes> + Send + 'static,
    ReqBody::Data: Send,
    ReqBody::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = Response<CsrfBody<ResBody>>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // The inner service was made ready by `poll_ready`; move it into the future and
        // leave a fresh clone behind, as tower recommends for services used across await.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let layer = self.layer.clone();
        Box::pin(async move {
            let decision = layer.protection.decide(csrf_request(&request));
            let (mut request, session) = match decision {
                Decision::Pass(session) => (request, session),
                Decision::Reject(rejection) => {
                    let unread = body_left_unread(&request);
                    return Ok(close_if(unread, layer.reject(rejection)));
                }
                Decision::ReadForm {
                    session,
                    limit,
                    timeout,
                } => {
                    let (parts, body) = request.into_parts();
                    let read = tokio::time::timeout(timeout, Limited::new(body, limit).collect());
                    let Ok(body) = read.await else {
                        tracing::info!(
                            target: "secure_http::csrf",
                            method = %parts.method,
                            path = %parts.uri.path(),
                            "request refused: its form body did not arrive within {timeout:?}"
                        );
                        return Ok(request_timeout().map(Either::Right));
                    };
                    let body = body.ok().map(|c| c.to_bytes());
                    let method = parts.method.as_str();
                    let decision = layer.protection.decide_with_form(
                        session,
                        body.as_deref(),
                        method,
                        parts.uri.path(),
                    );
                    // A body that was too long is left partly unread.
                    let unread = body.is_none();
                    match (decision, body) {
                        (Decision::Pass(session), Some(body)) => {
                            (Request::from_parts(parts, ReqBody::from(body)), session)
                        }
                        (Decision::Reject(rejection), _) => {
                            return Ok(close_if(unread, layer.reject(rejection)));
                        }
                        _ => {
                            let rejection = layer.reject(CsrfRejection::MissingToken);
                            return Ok(close_if(unread, rejection));
                        }
                    }
                }
            };
            if let Some(session) = &session {
                request.extensions_mut().insert(session.token());
            }
            let mut response = inner.call(request).await?;
            set_cookie(&mut response, session.as_ref());
            Ok(response.map(Either::Left))
        })
    }
}

impl CsrfLayer {
    fn reject<B>(&self, rejection: CsrfRejection) -> Response<CsrfBody<B>> {
        let response = match &self.rejection {
            Some(respond) => respond(rejection),
            None => {
                let mut response =
                    Response::new(Full::new(Bytes::from_static(rejection.reason().as_bytes())));
                *response.status_mut() = StatusCode::FORBIDDEN;
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
                response
            }
        };
        response.map(Either::Right)
    }
}

/// Whether answering now leaves a request body unread on an HTTP/1 connection, which the
/// server then cannot reuse. (HTTP/2 streams are independent, and forbid `Connection`.)
pub(crate) fn body_left_unread<B: Body>(request: &Request<B>) -> bool {
    request.version() <= http::Version::HTTP_11 && !request.body().is_end_stream()
}

/// Adds `Connection: close` when `close`: a refusal that leaves the request body unread ends
/// the connection, and a keep-alive client must know not to send its next request on it.
pub(crate) fn close_if<B>(close: bool, mut response: Response<B>) -> Response<B> {
    if close {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// `408 Request Timeout` for a body that did not arrive in time, closing the connection.
pub(crate) fn request_timeout() -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(b"request body timeout")));
    *response.status_mut() = StatusCode::REQUEST_TIMEOUT;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

fn set_cookie<B>(response: &mut Response<B>, session: Option<&CsrfSession>) {
    if session.is_some() {
        // The page may hold a token of this cookie: a shared cache must not serve it to others.
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("cookie"));
    }
    if let Some(cookie) = session.and_then(CsrfSession::set_cookie)
        && let Ok(value) = HeaderValue::from_str(cookie)
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The headers the decision reads; values that are not text count as absent.
fn csrf_request<B>(request: &Request<B>) -> CsrfRequest<'_, impl Iterator<Item = &[u8]>> {
    let text = |name| {
        request
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let host = super::tower::request_host(request);
    CsrfRequest {
        headers: RequestHeaders {
            method: request.method().as_str(),
            sec_fetch_site: text("sec-fetch-site"),
            origin: text(header::ORIGIN.as_str()),
            host,
        },
        path: request.uri().path(),
        cookies: request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .map(HeaderValue::as_bytes),
        token_header: text(TOKEN_HEADER),
        content_type: text(header::CONTENT_TYPE.as_str()),
    }
}

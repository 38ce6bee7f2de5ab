//! A tower `Layer` for CSRF protection: refuses cross-origin state-changing requests and,
//! with tokens on, requests without a valid token; gives handlers the token of the response.

use super::tower::answer_response;
use crate::csrf::{CsrfProtection, CsrfRejection, CsrfSession, Decision};
use crate::pipeline::{self, Answer, CsrfAnswer};
use bytes::Bytes;
use http::{HeaderValue, Request, Response, header};
use http_body::Body;
use http_body_util::{Either, Full};
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
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
    type Future = CsrfFuture<S::Future, ResBody, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let kind = match self
            .layer
            .protection
            .decide(pipeline::csrf_request(&request))
        {
            Decision::Pass(session) => {
                let mut request = request;
                if let Some(session) = &session {
                    request.extensions_mut().insert(session.token());
                }
                Kind::Inner {
                    future: self.inner.call(request),
                    session,
                }
            }
            Decision::Reject(rejection) => {
                let unread = body_left_unread(&request);
                Kind::Answer {
                    response: Some(self.layer.answer(CsrfAnswer::Refuse { rejection, unread })),
                }
            }
            Decision::ReadForm {
                session,
                limit,
                timeout,
            } => {
                // The inner service was made ready by `poll_ready`; move it into the future
                // and leave a fresh clone behind, as tower recommends for services used
                // across await.
                let clone = self.inner.clone();
                let mut inner = std::mem::replace(&mut self.inner, clone);
                let layer = self.layer.clone();
                Kind::Form {
                    future: Box::pin(async move {
                        let (parts, body) = request.into_parts();
                        let body = super::tower::read_body(body, limit, timeout).await;
                        let method = parts.method.as_str();
                        let path = parts.uri.path();
                        let finished =
                            pipeline::finish_form(&layer.protection, session, body, method, path);
                        let (mut request, session) = match finished {
                            Ok((session, body)) => {
                                (Request::from_parts(parts, ReqBody::from(body)), session)
                            }
                            Err(answer) => return Ok(layer.answer(answer)),
                        };
                        if let Some(session) = &session {
                            request.extensions_mut().insert(session.token());
                        }
                        let response = inner.call(request).await?;
                        Ok(with_cookie(response, session.as_ref()))
                    }),
                }
            }
        };
        CsrfFuture { kind }
    }
}

/// The response of a request that passed, with the CSRF cookie when one is to be set.
fn with_cookie<B>(
    mut response: Response<B>,
    session: Option<&CsrfSession>,
) -> Response<CsrfBody<B>> {
    for (name, value) in pipeline::csrf_response_headers(session) {
        response.headers_mut().append(name, value);
    }
    response.map(Either::Left)
}

/// The future of a request whose form body is read for its token.
type FormFuture<B, E> = Pin<Box<dyn Future<Output = Result<Response<CsrfBody<B>>, E>> + Send>>;

pin_project! {
    /// The future of [`CsrfService`]: the inner service's, for requests that pass on their
    /// headers; a refusal, ready at once; or, for a form whose body holds the token, a boxed
    /// future that reads it first.
    pub struct CsrfFuture<F, B, E> {
        #[pin]
        kind: Kind<F, B, E>,
    }
}

pin_project! {
    #[project = KindProjection]
    enum Kind<F, B, E> {
        Inner {
            #[pin]
            future: F,
            session: Option<CsrfSession>,
        },
        Answer {
            response: Option<Response<CsrfBody<B>>>,
        },
        Form {
            future: FormFuture<B, E>,
        },
    }
}

impl<F, B, E> std::fmt::Debug for CsrfFuture<F, B, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsrfFuture").finish_non_exhaustive()
    }
}

impl<F, B, E> Future for CsrfFuture<F, B, E>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<CsrfBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProjection::Inner { future, session } => {
                let response = ready!(future.poll(cx))?;
                Poll::Ready(Ok(with_cookie(response, session.as_ref())))
            }
            KindProjection::Answer { response } => match response.take() {
                Some(response) => Poll::Ready(Ok(response)),
                None => panic!("CsrfFuture polled after it completed"),
            },
            KindProjection::Form { future } => future.as_mut().poll(cx),
        }
    }
}

impl CsrfLayer {
    fn answer<B>(&self, answer: CsrfAnswer) -> Response<CsrfBody<B>> {
        let response = match (answer, &self.rejection) {
            (CsrfAnswer::Refuse { rejection, unread }, Some(respond)) => {
                close_if(unread, respond(rejection))
            }
            (CsrfAnswer::Refuse { rejection, unread }, None) => {
                answer_response(Answer::csrf_refusal(rejection).closing(unread))
            }
            (CsrfAnswer::Timeout, _) => answer_response(Answer::request_timeout()),
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

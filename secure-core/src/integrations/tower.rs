//! tower `Layer`s: [`SecurityHeadersLayer`] sets the security headers on every response and
//! serves the CSP report endpoint, [`CsrfLayer`] refuses forged requests; for axum, hyper
//! (through hyper-util), tonic and any other `tower::Service<http::Request<B>>`.

use crate::pipeline::Protection;
use crate::pipeline::{self, Answer, BodyOutcome, ReportStart};
use crate::report::ReportEndpoint;
use crate::{CspNonce, SecurityHeaders};
use bytes::Bytes;
use http::{Request, Response};
use http_body::Body;
use http_body_util::{BodyExt, Either, Full, Limited};
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tower_layer::Layer;
use tower_service::Service;

pub use super::tower_csrf::{CsrfBody, CsrfFuture, CsrfLayer, CsrfService};
#[cfg(feature = "current")]
#[cfg_attr(docsrs, doc(cfg(feature = "current")))]
pub use super::tower_current::{CurrentNonceLayer, CurrentNonceService};
pub use super::tower_transport::{
    AllowedHostsLayer, AllowedHostsService, HttpsRedirectLayer, HttpsRedirectService,
    TransportBody, TransportFuture,
};

/// The body of responses that pass through [`SecurityHeadersService`]: the inner service's
/// body, or the report endpoint's short reply.
pub type SecureBody<B> = Either<B, Full<Bytes>>;

/// Sets the configured [`SecurityHeaders`] on every response, errors and 404s included,
/// gives each request a fresh [`CspNonce`] when a policy asks for one, and answers
/// violation reports at the report endpoint.
///
/// The report endpoint is on when a CSP is configured, at [`ReportEndpoint::DEFAULT_PATH`]
/// (`/csp-report`); policies that name no `report-uri` or `report-to` get
/// `report-uri /csp-report` added, so the header and the route always agree. The layer
/// answers every request to that path itself (405 to methods other than POST), so a route of
/// the application there is never reached: the first time the layer wraps a service it logs
/// the path at INFO (target `secure_http::csp_report`), and
/// [`without_report_endpoint`](Self::without_report_endpoint) turns the endpoint off.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::integrations::tower::SecurityHeadersLayer;
/// use secure_http::{SecurityHeaders, csp::presets};
/// use tower::{ServiceBuilder, ServiceExt, service_fn};
///
/// # tokio_test::block_on(async {
/// let service = ServiceBuilder::new()
///     .layer(SecurityHeadersLayer::new(
///         SecurityHeaders::new().content_security_policy(presets::SAME_ORIGIN),
///     ))
///     .service(service_fn(|_req: http::Request<String>| async {
///         Ok::<_, std::convert::Infallible>(http::Response::new(String::from("hello")))
///     }));
/// let response = service.oneshot(http::Request::new(String::new())).await.unwrap();
/// assert_eq!(
///     response.headers()["content-security-policy"],
///     "default-src 'self'; report-uri /csp-report"
/// );
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct SecurityHeadersLayer {
    shared: Arc<Protection>,
}

impl SecurityHeadersLayer {
    /// A layer sending `headers`, with the report endpoint at `/csp-report` when a CSP is
    /// configured.
    ///
    /// # Panics
    ///
    /// When [`SecurityHeaders::check`] fails: a `report-to` names no configured endpoint.
    /// Call it yourself first to handle the error.
    pub fn new(headers: SecurityHeaders) -> Self {
        Self {
            shared: Arc::new(Protection::new(headers)),
        }
    }

    /// Serves reports at this endpoint instead (its path, body limit and callback).
    pub fn report_endpoint(self, endpoint: ReportEndpoint) -> Self {
        Self {
            shared: Arc::new(self.shared.with_reports(Some(endpoint))),
        }
    }

    /// Serves no report endpoint and adds no `report-uri`: requests to `/csp-report` reach
    /// the application like any other.
    pub fn without_report_endpoint(self) -> Self {
        Self {
            shared: Arc::new(self.shared.with_reports(None)),
        }
    }

    /// The headers sent, with the report endpoint's `report-uri` where it was added.
    pub fn headers(&self) -> &SecurityHeaders {
        self.shared.headers()
    }
}

impl<S> Layer<S> for SecurityHeadersLayer {
    type Service = SecurityHeadersService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        self.shared.announce();
        SecurityHeadersService {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// The service made by [`SecurityHeadersLayer`].
#[derive(Debug, Clone)]
pub struct SecurityHeadersService<S> {
    inner: S,
    shared: Arc<Protection>,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for SecurityHeadersService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ReqBody: Body + Send + 'static,
    ReqBody::Data: Send,
    ReqBody::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = Response<SecureBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        if self
            .shared
            .report_endpoint_at(request.uri().path())
            .is_some()
        {
            let shared = self.shared.clone();
            return ResponseFuture {
                kind: Kind::Report {
                    future: Box::pin(receive_report(shared, request)),
                },
            };
        }
        let nonce = self.shared.headers().needs_nonce().then(CspNonce::generate);
        if let Some(nonce) = &nonce {
            request.extensions_mut().insert(nonce.clone());
        }
        let development = self.shared.is_development(&request);
        ResponseFuture {
            kind: Kind::Inner {
                future: self.inner.call(request),
                shared: self.shared.clone(),
                nonce,
                development,
            },
        }
    }
}

pin_project! {
    /// The future of [`SecurityHeadersService`].
    pub struct ResponseFuture<F> {
        #[pin]
        kind: Kind<F>,
    }
}

type ReportFuture = Pin<Box<dyn Future<Output = Response<Full<Bytes>>> + Send>>;

pin_project! {
    #[project = KindProjection]
    enum Kind<F> {
        Inner {
            #[pin]
            future: F,
            shared: Arc<Protection>,
            nonce: Option<CspNonce>,
            development: bool,
        },
        Report {
            future: ReportFuture,
        },
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<SecureBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProjection::Inner {
                future,
                shared,
                nonce,
                development,
            } => {
                let mut response = ready!(future.poll(cx))?;
                shared.apply_to_response_with(&mut response, nonce.as_ref(), *development);
                Poll::Ready(Ok(response.map(Either::Left)))
            }
            KindProjection::Report { future } => {
                let response = ready!(future.as_mut().poll(cx));
                Poll::Ready(Ok(response.map(Either::Right)))
            }
        }
    }
}

/// Reads the report (as the report endpoint asks: at most its body limit, within its
/// deadline) and answers with the security headers like any other response.
async fn receive_report<B>(shared: Arc<Protection>, request: Request<B>) -> Response<Full<Bytes>>
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let endpoint = shared
        .reports()
        .expect("report requests are only routed here when an endpoint is configured");
    let development = shared.is_development(&request);
    let answer = match pipeline::start_report(endpoint, &request) {
        ReportStart::Answer(answer) => {
            let unread = super::tower_csrf::body_left_unread(&request);
            answer.closing(unread)
        }
        ReportStart::Read {
            limit,
            timeout,
            content_type,
        } => {
            let body = read_body(request.into_body(), limit, timeout).await;
            pipeline::finish_report(endpoint, content_type.as_deref(), &body)
        }
    };
    let mut response = answer_response(answer);
    shared.apply_to_response_with(&mut response, None, development);
    response
}

/// Reads at most `limit` bytes of `body` within `timeout`.
pub(crate) async fn read_body<B>(body: B, limit: usize, timeout: Duration) -> BodyOutcome
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    match tokio::time::timeout(timeout, Limited::new(body, limit).collect()).await {
        Ok(Ok(collected)) => BodyOutcome::Read(collected.to_bytes()),
        Err(_elapsed) => BodyOutcome::TimedOut,
        Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => BodyOutcome::TooLarge,
        Ok(Err(_)) => BodyOutcome::Unreadable,
    }
}

/// The pipeline's answer as a response of the tower layers.
pub(crate) fn answer_response(answer: Answer) -> Response<Full<Bytes>> {
    answer.into_response().map(Full::new)
}

//! tower `Layer`s for the transport rules: [`HttpsRedirectLayer`] sends plain-HTTP requests to
//! HTTPS, [`AllowedHostsLayer`] refuses requests for hosts the service does not serve.

use super::tower::answer_response;
use super::tower_csrf::body_left_unread;
use crate::pipeline::{self, Answer};
use crate::transport::{
    AllowedHosts, HttpsRedirect, TransportDecision, TransportRejection, TransportRequest,
};
use bytes::Bytes;
use http::{Extensions, Request, Response};
use http_body_util::{Either, Full};
use pin_project_lite::pin_project;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};
use tower_layer::Layer;
use tower_service::Service;

/// The body of responses that pass through [`HttpsRedirectService`] and
/// [`AllowedHostsService`]: the inner service's body, or the redirect or refusal.
pub type TransportBody<B> = Either<B, Full<Bytes>>;

type PeerIp = Arc<dyn Fn(&Extensions) -> Option<IpAddr> + Send + Sync>;

/// Redirects plain-HTTP requests to HTTPS with `308 Permanent Redirect`, as
/// [`HttpsRedirect`] decides; requests that need a redirect but name no valid host get 400.
///
/// A request is HTTPS only when a trusted proxy says so. An `http` request carries no sign of
/// its connection's TLS, and its URI's scheme is what the client wrote (`GET https://…` on a
/// plain listener, HTTP/2's `:scheme`), so a server that terminates TLS itself puts this
/// layer on its plain-HTTP listener only.
///
/// **The peer address.** Forwarded headers are believed only from a trusted proxy, so the
/// layer needs the address of the connection's peer, which tower has no standard place for.
/// By default it is a [`SocketAddr`] in the request's extensions: insert the accepted
/// connection's remote address there. [`peer_ip`](Self::peer_ip) reads it from elsewhere;
/// with axum's `ConnectInfo` (`into_make_service_with_connect_info::<SocketAddr>()`):
/// `.peer_ip(|ext| ext.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip()))`.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::integrations::tower::HttpsRedirectLayer;
/// use secure_http::transport::HttpsRedirect;
/// use std::net::SocketAddr;
/// use tower::{ServiceBuilder, ServiceExt, service_fn};
///
/// # tokio_test::block_on(async {
/// let service = ServiceBuilder::new()
///     .layer(HttpsRedirectLayer::new(
///         HttpsRedirect::new().trust_proxy("10.0.0.0/8".parse()?),
///     ))
///     .service(service_fn(|_req: http::Request<String>| async {
///         Ok::<_, std::convert::Infallible>(http::Response::new(String::from("hello")))
///     }));
/// let request = |peer: &str| {
///     let mut request = http::Request::get("/a?b")
///         .header("host", "app.example")
///         .header("x-forwarded-proto", "https")
///         .body(String::new())?;
///     request.extensions_mut().insert(peer.parse::<SocketAddr>()?);
///     Ok::<_, Box<dyn std::error::Error>>(request)
/// };
/// let response = service.clone().oneshot(request("10.0.0.2:41000")?).await?;
/// assert_eq!(response.status(), 200);
/// let response = service.oneshot(request("203.0.113.9:41000")?).await?;
/// assert_eq!(response.status(), 308);
/// assert_eq!(response.headers()["location"], "https://app.example/a?b");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
///
/// Without a peer address, forwarded headers are ignored, and a warning is logged once
/// (target `secure_http::transport`) when trusted proxies are configured.
#[derive(Clone)]
pub struct HttpsRedirectLayer {
    settings: Arc<HttpsRedirect>,
    peer_ip: PeerIp,
    warned: Arc<AtomicBool>,
}

impl std::fmt::Debug for HttpsRedirectLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpsRedirectLayer")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl HttpsRedirectLayer {
    /// A layer applying `settings`, reading the peer from a [`SocketAddr`] extension.
    pub fn new(settings: HttpsRedirect) -> Self {
        Self {
            settings: Arc::new(settings),
            peer_ip: Arc::new(|extensions| extensions.get::<SocketAddr>().map(SocketAddr::ip)),
            warned: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Reads the peer's IP address from the request's extensions with `f`. Return the
    /// address of the TCP peer, never one taken from a header.
    pub fn peer_ip(
        mut self,
        f: impl Fn(&Extensions) -> Option<IpAddr> + Send + Sync + 'static,
    ) -> Self {
        self.peer_ip = Arc::new(f);
        self
    }

    fn decide<B>(&self, request: &Request<B>) -> TransportDecision {
        let peer = (self.peer_ip)(request.extensions());
        let input = TransportRequest {
            peer,
            ..pipeline::transport_request(request)
        };
        if peer.is_none()
            && self.settings.has_trusted_proxies()
            && (input.x_forwarded_proto.is_some() || input.forwarded.is_some())
            && !self.warned.swap(true, Ordering::Relaxed)
        {
            tracing::warn!(
                target: "secure_http::transport",
                "forwarded headers ignored: the request carries no peer address; insert the connection's `SocketAddr` into the request's extensions, or set `HttpsRedirectLayer::peer_ip`"
            );
        }
        self.settings.decide(&input)
    }
}

impl<S> Layer<S> for HttpsRedirectLayer {
    type Service = HttpsRedirectService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        HttpsRedirectService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service made by [`HttpsRedirectLayer`].
#[derive(Clone, Debug)]
pub struct HttpsRedirectService<S> {
    inner: S,
    layer: HttpsRedirectLayer,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for HttpsRedirectService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ReqBody: http_body::Body,
{
    type Response = Response<TransportBody<ResBody>>;
    type Error = S::Error;
    type Future = TransportFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let decision = self.layer.decide(&request);
        let unread = body_left_unread(&request);
        TransportFuture::new(decision, unread, || self.inner.call(request))
    }
}

/// Refuses requests whose host (`Host`, or HTTP/2's `:authority`) is not one of the
/// [`AllowedHosts`], and those without a host, with 400 and a short plain reason.
///
/// Put it outermost, before [`HttpsRedirectLayer`], so that no redirect points at a host the
/// service does not serve.
#[derive(Debug, Clone)]
pub struct AllowedHostsLayer {
    hosts: Arc<AllowedHosts>,
}

impl AllowedHostsLayer {
    /// A layer accepting only `hosts`.
    pub fn new(hosts: AllowedHosts) -> Self {
        Self {
            hosts: Arc::new(hosts),
        }
    }
}

impl<S> Layer<S> for AllowedHostsLayer {
    type Service = AllowedHostsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AllowedHostsService {
            inner,
            hosts: self.hosts.clone(),
        }
    }
}

/// The service made by [`AllowedHostsLayer`].
#[derive(Debug, Clone)]
pub struct AllowedHostsService<S> {
    inner: S,
    hosts: Arc<AllowedHosts>,
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for AllowedHostsService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ReqBody: http_body::Body,
{
    type Response = Response<TransportBody<ResBody>>;
    type Error = S::Error;
    type Future = TransportFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let input = TransportRequest {
            peer: None,
            ..pipeline::transport_request(&request)
        };
        let decision = self.hosts.decide(&input);
        let unread = body_left_unread(&request);
        TransportFuture::new(decision, unread, || self.inner.call(request))
    }
}

pin_project! {
    /// The future of [`HttpsRedirectService`] and [`AllowedHostsService`]: the inner
    /// service's, or a ready redirect or refusal.
    pub struct TransportFuture<F> {
        #[pin]
        kind: Kind<F>,
    }
}

pin_project! {
    #[project = KindProjection]
    enum Kind<F> {
        Inner { #[pin] future: F },
        Answer { response: Option<Response<Full<Bytes>>> },
    }
}

impl<F> TransportFuture<F> {
    /// `unread`: whether answering leaves the request's body unread, which then closes the
    /// connection (`Connection: close`).
    fn new(decision: TransportDecision, unread: bool, call: impl FnOnce() -> F) -> Self {
        let kind = match Answer::from_transport(decision) {
            None => Kind::Inner { future: call() },
            Some(answer) => Kind::Answer {
                response: Some(answer_response(answer.closing(unread))),
            },
        };
        Self { kind }
    }
}

impl<F, B, E> Future for TransportFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<TransportBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProjection::Inner { future } => {
                let response = ready!(future.poll(cx))?;
                Poll::Ready(Ok(response.map(Either::Left)))
            }
            KindProjection::Answer { response } => {
                // Polled again after completion: answer the refusal rather than panic.
                let response = response.take().unwrap_or_else(|| {
                    answer_response(Answer::transport_refusal(TransportRejection::InvalidHost))
                });
                Poll::Ready(Ok(response.map(Either::Right)))
            }
        }
    }
}

//! The tower layer that makes a request's nonce and CSRF token current for its handling
//! (`crate::current`).

use crate::CspNonce;
use crate::csrf::CsrfToken;
use crate::current::{self, Scoped};
use http::Request;
use std::task::{Context, Poll};
use tower_layer::Layer;
use tower_service::Service;

/// Makes the request's [`CspNonce`] and [`CsrfToken`] current while the inner service
/// handles it, for [`CspNonce::current`] and [`CsrfToken::current`] (see
/// [`current`](crate::current)).
///
/// It reads them from the request's extensions, where [`SecurityHeadersLayer`] and
/// [`CsrfLayer`] put them: place it inside those, that is, add it to an axum `Router`
/// *before* them (the last `.layer` runs first). Outside them it finds nothing and the
/// values are `None`.
///
/// ```
/// # use secure_core as secure_http;
/// use http_body_util::BodyExt;
/// use secure_http::integrations::tower::{CurrentNonceLayer, SecurityHeadersLayer};
/// use secure_http::{ContentSecurityPolicy, CspNonce, SecurityHeaders};
/// use tower::{ServiceBuilder, ServiceExt, service_fn};
///
/// // Renders without the request in reach.
/// fn page() -> String {
///     let nonce = CspNonce::current().expect("inside CurrentNonceLayer");
///     format!("<script nonce=\"{nonce}\">go()</script>")
/// }
///
/// # tokio_test::block_on(async {
/// let policy: ContentSecurityPolicy = "script-src 'nonce'".parse().unwrap();
/// let service = ServiceBuilder::new()
///     .layer(SecurityHeadersLayer::new(SecurityHeaders::new().content_security_policy(policy)))
///     .layer(CurrentNonceLayer::new())
///     .service(service_fn(|_req: http::Request<String>| async {
///         Ok::<_, std::convert::Infallible>(http::Response::new(page()))
///     }));
/// let response = service.oneshot(http::Request::new(String::new())).await.unwrap();
/// let csp = response.headers()["content-security-policy"].clone();
/// let body = response.into_body().collect().await.unwrap().to_bytes();
/// let nonce = std::str::from_utf8(&body).unwrap().split('"').nth(1).unwrap();
/// assert_eq!(csp, format!("script-src 'nonce-{nonce}'; report-uri /csp-report").as_str());
/// # });
/// ```
///
/// [`SecurityHeadersLayer`]: super::tower::SecurityHeadersLayer
/// [`CsrfLayer`]: super::tower::CsrfLayer
#[derive(Debug, Clone, Copy, Default)]
pub struct CurrentNonceLayer {
    _private: (),
}

impl CurrentNonceLayer {
    /// The layer.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<S> Layer<S> for CurrentNonceLayer {
    type Service = CurrentNonceService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CurrentNonceService { inner }
    }
}

/// The service made by [`CurrentNonceLayer`].
#[derive(Debug, Clone)]
pub struct CurrentNonceService<S> {
    inner: S,
}

impl<S, B> Service<Request<B>> for CurrentNonceService<S>
where
    S: Service<Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Scoped<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let nonce = request.extensions().get::<CspNonce>().cloned();
        let token = request.extensions().get::<CsrfToken>().cloned();
        current::scope(nonce, token, self.inner.call(request))
    }
}

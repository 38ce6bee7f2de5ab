//! The actix-web middleware that makes a request's nonce and CSRF token current for its
//! handling (`crate::current`).

use crate::CspNonce;
use crate::csrf::CsrfToken;
use crate::current::{self, Scoped};
use actix_web::HttpMessage;
use actix_web::dev::{Service, ServiceRequest, Transform, forward_ready};
use futures_util::future::{Ready, ready};

/// Makes the request's [`CspNonce`] and [`CsrfToken`] current while the inner service
/// handles it, for [`CspNonce::current`] and [`CsrfToken::current`] (see
/// [`current`](crate::current)).
///
/// It reads them from the request's extensions, where
/// [`SecureHeaders`](super::actix::SecureHeaders) and [`Csrf`](super::actix::Csrf) put them:
/// `wrap` it *before* them, since the last `wrap` runs first:
/// `App::new().wrap(CurrentNonce::new()).wrap(Csrf::new(csrf)).wrap(SecureHeaders::new(headers))`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CurrentNonce {
    _private: (),
}

impl CurrentNonce {
    /// The middleware.
    pub fn new() -> Self {
        Self::default()
    }
}

impl<S, B> Transform<S, ServiceRequest> for CurrentNonce
where
    S: Service<ServiceRequest, Response = actix_web::dev::ServiceResponse<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Transform = CurrentNonceMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CurrentNonceMiddleware { service }))
    }
}

/// The service made by [`CurrentNonce`].
#[derive(Debug)]
pub struct CurrentNonceMiddleware<S> {
    service: S,
}

impl<S, B> Service<ServiceRequest> for CurrentNonceMiddleware<S>
where
    S: Service<ServiceRequest, Response = actix_web::dev::ServiceResponse<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Scoped<S::Future>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let (nonce, token) = {
            let extensions = request.extensions();
            (
                extensions.get::<CspNonce>().cloned(),
                extensions.get::<CsrfToken>().cloned(),
            )
        };
        current::scope(nonce, token, self.service.call(request))
    }
}

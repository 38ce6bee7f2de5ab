//! The actix-web transport middlewares, with the behaviour of the tower layers:
//! [`HttpsRedirect`] and [`AllowedHosts`].

use super::actix::answer_response;
use crate::pipeline::{self, Answer, RequestHead};
use crate::transport::{self, TransportDecision};
use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use futures_util::future::{LocalBoxFuture, Ready, ready};
use std::sync::Arc;

/// Redirects plain-HTTP requests to HTTPS with `308 Permanent Redirect`, as
/// [`transport::HttpsRedirect`] decides: `App::new().wrap(HttpsRedirect::new(settings))`.
///
/// A request is HTTPS when it came in on a TLS listener (`bind_rustls_0_23`, `bind_openssl`,
/// ...) or when a trusted proxy says so; never because its target says `https://`, which
/// the client writes. The peer is
/// `ServiceRequest::peer_addr()`, the TCP peer: actix-web's `ConnectionInfo`, which believes
/// forwarded headers from anyone, is not used.
#[derive(Debug, Clone)]
pub struct HttpsRedirect {
    settings: Arc<transport::HttpsRedirect>,
}

impl HttpsRedirect {
    /// The middleware applying `settings`.
    pub fn new(settings: transport::HttpsRedirect) -> Self {
        Self {
            settings: Arc::new(settings),
        }
    }
}

/// Refuses requests whose host is not one of the [`transport::AllowedHosts`], and those
/// without a host, with 400 and a short plain reason:
/// `App::new().wrap(AllowedHosts::new(hosts))`.
///
/// Register it after [`HttpsRedirect`] (`wrap` calls run outermost last), so it runs first
/// and no redirect points at a host the service does not serve.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    hosts: Arc<transport::AllowedHosts>,
}

impl AllowedHosts {
    /// The middleware accepting only `hosts`.
    pub fn new(hosts: transport::AllowedHosts) -> Self {
        Self {
            hosts: Arc::new(hosts),
        }
    }
}

/// The rule a middleware applies.
#[derive(Debug, Clone)]
enum Rule {
    Redirect(Arc<transport::HttpsRedirect>),
    Hosts(Arc<transport::AllowedHosts>),
}

impl Rule {
    fn decide(&self, request: &ServiceRequest) -> TransportDecision {
        match self {
            Self::Redirect(settings) => settings.decide(&pipeline::transport_request(request)),
            Self::Hosts(hosts) => hosts.decide(&pipeline::transport_request(request)),
        }
    }
}

macro_rules! transform {
    ($transform:ident, $middleware:ident, $field:ident, $rule:ident) => {
        impl<S, B> Transform<S, ServiceRequest> for $transform
        where
            S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
            B: MessageBody + 'static,
        {
            type Response = ServiceResponse<EitherBody<B>>;
            type Error = Error;
            type Transform = $middleware<S>;
            type InitError = ();
            type Future = Ready<Result<Self::Transform, Self::InitError>>;

            fn new_transform(&self, service: S) -> Self::Future {
                ready(Ok($middleware {
                    service,
                    rule: Rule::$rule(self.$field.clone()),
                }))
            }
        }

        impl<S, B> Service<ServiceRequest> for $middleware<S>
        where
            S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
            B: MessageBody + 'static,
        {
            type Response = ServiceResponse<EitherBody<B>>;
            type Error = Error;
            type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

            forward_ready!(service);

            fn call(&self, request: ServiceRequest) -> Self::Future {
                call(&self.service, &self.rule, request)
            }
        }
    };
}

/// The service made by [`HttpsRedirect`].
pub struct HttpsRedirectMiddleware<S> {
    service: S,
    rule: Rule,
}

/// The service made by [`AllowedHosts`].
pub struct AllowedHostsMiddleware<S> {
    service: S,
    rule: Rule,
}

transform!(HttpsRedirect, HttpsRedirectMiddleware, settings, Redirect);
transform!(AllowedHosts, AllowedHostsMiddleware, hosts, Hosts);

fn call<S, B>(
    service: &S,
    rule: &Rule,
    request: ServiceRequest,
) -> LocalBoxFuture<'static, Result<ServiceResponse<EitherBody<B>>, Error>>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    let Some(answer) = Answer::from_transport(rule.decide(&request)) else {
        let future = service.call(request);
        return Box::pin(async move { Ok(future.await?.map_into_left_body()) });
    };
    let answer = answer_response(answer.closing(request.body_pending()));
    let response = request.into_response(answer).map_into_right_body();
    Box::pin(async move { Ok(response) })
}

//! The actix-web CSRF middleware, with the behaviour of the tower `CsrfLayer`.

use super::actix::{answer_response, read_body};
use crate::csrf::{CsrfProtection, CsrfRejection, CsrfToken, Decision};
use crate::pipeline::{self, Answer, CsrfAnswer, RequestHead};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{self, HeaderValue};
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, HttpResponse};
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

    fn answer(&self, answer: CsrfAnswer) -> HttpResponse {
        match (answer, &self.rejection) {
            (CsrfAnswer::Refuse { rejection, unread }, Some(respond)) => {
                close_if(unread, respond(rejection))
            }
            (CsrfAnswer::Refuse { rejection, unread }, None) => {
                answer_response(Answer::csrf_refusal(rejection).closing(unread))
            }
            (CsrfAnswer::Timeout, _) => answer_response(Answer::request_timeout()),
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
            let decision = csrf.protection.decide(pipeline::csrf_request(&request));
            let session = match decision {
                Decision::Pass(session) => session,
                Decision::Reject(rejection) => {
                    let unread = request.body_pending();
                    let response = csrf.answer(CsrfAnswer::Refuse { rejection, unread });
                    return Ok(request.into_response(response).map_into_right_body());
                }
                Decision::ReadForm {
                    session,
                    limit,
                    timeout,
                } => {
                    let body = read_body(&mut request, limit, timeout).await;
                    let method = request.method().as_str().to_owned();
                    let path = request.path().to_owned();
                    match pipeline::finish_form(&csrf.protection, session, body, &method, &path) {
                        Ok((session, body)) => {
                            request.set_payload(Payload::from(body));
                            session
                        }
                        Err(answer) => {
                            let response = csrf.answer(answer);
                            return Ok(request.into_response(response).map_into_right_body());
                        }
                    }
                }
            };
            if let Some(session) = &session {
                request.extensions_mut().insert(session.token());
            }
            let mut response = service.call(request).await?;
            for (name, value) in pipeline::csrf_response_headers(session.as_ref()) {
                let value = HeaderValue::from_bytes(value.as_bytes())
                    .expect("an http 1 header value is valid");
                let name = header::HeaderName::from_bytes(name.as_str().as_bytes())
                    .expect("an http 1 header name is valid");
                response.headers_mut().append(name, value);
            }
            Ok(response.map_into_left_body())
        })
    }
}

/// Closes the connection after `response` when `close`: a refusal that leaves the request
/// body unread ends the connection, and a keep-alive client must be told so
/// (`Connection: close`).
fn close_if(close: bool, mut response: HttpResponse) -> HttpResponse {
    if close {
        response
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
    }
    response
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

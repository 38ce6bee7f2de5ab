//! A poem 3 middleware driving the [`Pipeline`]: the security headers on every response
//! (errors and 404s included), a fresh [`CspNonce`] per request, the report endpoint, CSRF
//! protection, and, when configured, allowed hosts and the HTTPS redirect; [`CspNonce`] and
//! [`CsrfToken`] are extractors.
//!
//! ```
//! # use secure_core as secure_http;
//! use poem::{Endpoint, EndpointExt, Route, get, handler, http::StatusCode, test::TestClient};
//! use secure_http::csrf::CsrfProtection;
//! use secure_http::integrations::poem::SecureMiddleware;
//! use secure_http::pipeline::Pipeline;
//! use secure_http::{CspNonce, SecurityHeaders, csp::presets};
//!
//! #[handler]
//! fn page(nonce: CspNonce) -> String {
//!     format!("<script nonce=\"{nonce}\">go()</script>")
//! }
//!
//! let pipeline = Pipeline::new(SecurityHeaders::new().content_security_policy(presets::STRICT))
//!     .csrf(CsrfProtection::new());
//! let app = Route::new().at("/", get(page)).with(SecureMiddleware::new(pipeline));
//!
//! # tokio_test::block_on(async {
//! let client = TestClient::new(app);
//! let response = client.get("/").header("host", "app.example").send().await;
//! response.assert_status_is_ok();
//! let csp = response.0.headers()["content-security-policy"].to_str().unwrap().to_owned();
//! let body = response.0.into_body().into_string().await.unwrap();
//! let nonce = body["<script nonce=\"".len()..].split('"').next().unwrap();
//! assert_eq!(
//!     csp,
//!     format!(
//!         "default-src 'none'; script-src 'nonce-{nonce}' 'strict-dynamic'; \
//!          style-src 'self' 'nonce-{nonce}'; img-src 'self'; font-src 'self'; \
//!          connect-src 'self'; manifest-src 'self'; form-action 'self'; \
//!          frame-ancestors 'none'; base-uri 'none'; object-src 'none'; \
//!          require-trusted-types-for 'script'; upgrade-insecure-requests; \
//!          report-uri /csp-report"
//!     )
//! );
//! let forged = client
//!     .post("/")
//!     .header("host", "app.example")
//!     .header("sec-fetch-site", "cross-site")
//!     .send()
//!     .await;
//! forged.assert_status(StatusCode::FORBIDDEN);
//! forged.assert_text("cross-origin request").await;
//! # });
//! ```
//!
//! Put the middleware on the whole application (`Route::new()...with(..)`), outside any
//! `nest`, so that the report endpoint's path and the redirect see the request's own URI
//! (the adapter reads poem's `original_uri()`). The peer address, which decides whether
//! forwarded headers come from a trusted proxy, is the TCP peer (`remote_addr()`), and a
//! request on a TLS listener counts as HTTPS.

use crate::csrf::CsrfToken;
use crate::pipeline::{Answer, BodyOutcome, Pipeline, RequestHead, Step};
use crate::{CspNonce, Overrides};
use poem::http::{HeaderValue, StatusCode, Uri, header, uri::Scheme};
use poem::{Body, Endpoint, FromRequest, IntoResponse, Middleware, Request, RequestBody, Response};
use std::time::Duration;

/// The poem middleware: `route.with(SecureMiddleware::new(pipeline))`.
#[derive(Debug, Clone)]
pub struct SecureMiddleware {
    pipeline: Pipeline,
}

impl SecureMiddleware {
    /// The middleware applying `pipeline`.
    pub fn new(pipeline: Pipeline) -> Self {
        Self { pipeline }
    }

    /// The pipeline applied (its headers, its report endpoint).
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }
}

impl<E: Endpoint> Middleware<E> for SecureMiddleware {
    type Output = SecureEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        self.pipeline.announce();
        SecureEndpoint {
            inner,
            pipeline: self.pipeline.clone(),
        }
    }
}

/// The endpoint made by [`SecureMiddleware`].
#[derive(Debug)]
pub struct SecureEndpoint<E> {
    inner: E,
    pipeline: Pipeline,
}

impl<E: Endpoint> Endpoint for SecureEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut request: Request) -> poem::Result<Response> {
        let mut step = self.pipeline.on_request(&request);
        let mut pass = loop {
            match step {
                Step::Answer(answer) => return Ok(answer_response(answer)),
                Step::Pass(pass) => break pass,
                Step::ReadBody(pending) => {
                    let body = read_body(request.take_body(), pending.limit(), pending.timeout());
                    step = self.pipeline.on_body(pending, body.await);
                }
            }
        };
        if let Some(body) = pass.take_body() {
            request.set_body(body);
        }
        if let Some(nonce) = pass.nonce() {
            request.extensions_mut().insert(nonce.clone());
        }
        if let Some(token) = pass.csrf_token() {
            request.extensions_mut().insert(token);
        }
        // Errors (a route not found, an extractor's rejection) become responses here, so
        // that they carry the headers too.
        let mut response = match self.inner.call(request).await {
            Ok(response) => response.into_response(),
            Err(error) => error.into_response(),
        };
        let overrides = Overrides::from_extensions(response.extensions());
        self.pipeline
            .on_response_headers(&pass, response.headers_mut(), overrides);
        Ok(response)
    }
}

async fn read_body(body: Body, limit: usize, timeout: Duration) -> BodyOutcome {
    match tokio::time::timeout(timeout, body.into_bytes_limit(limit)).await {
        Ok(Ok(bytes)) => BodyOutcome::Read(bytes),
        Ok(Err(poem::error::ReadBodyError::PayloadTooLarge)) => BodyOutcome::TooLarge,
        Ok(Err(_)) => BodyOutcome::Unreadable,
        Err(_elapsed) => BodyOutcome::TimedOut,
    }
}

fn answer_response(answer: Answer) -> Response {
    let mut response = Response::builder().status(answer.status).body(answer.body);
    response.headers_mut().extend(answer.headers);
    if answer.close {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

fn original(request: &Request) -> &Uri {
    request.original_uri()
}

/// What the pipeline reads of a poem request.
impl RequestHead for Request {
    fn method(&self) -> &str {
        Request::method(self).as_str()
    }
    fn path(&self) -> &str {
        original(self).path()
    }
    fn path_and_query(&self) -> &str {
        original(self).path_and_query().map_or("/", |p| p.as_str())
    }
    /// `https` on a TLS listener, whatever the request target says.
    fn scheme(&self) -> Option<&str> {
        (*Request::scheme(self) == Scheme::HTTPS).then_some("https")
    }
    fn authority(&self) -> Option<&str> {
        original(self).authority().map(|a| a.as_str())
    }
    fn header_values<'a>(&'a self, name: &'static str) -> impl Iterator<Item = &'a [u8]> + 'a {
        crate::pipeline::values(self.headers(), name)
    }
    /// The TCP peer (`remote_addr()`).
    fn peer_ip(&self) -> Option<std::net::IpAddr> {
        self.remote_addr().as_socket_addr().map(|addr| addr.ip())
    }
    fn body_pending(&self) -> bool {
        crate::pipeline::http1_body_pending(self.version(), self.headers())
    }
}

/// Extracts the nonce of this response in poem handlers, for templates.
///
/// Fails with 500 when the route is not behind a [`SecureMiddleware`] whose policy asks for
/// `nonce`: a page rendered without the header's nonce would have its scripts blocked.
impl<'a> FromRequest<'a> for CspNonce {
    async fn from_request(request: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        request.extensions().get::<Self>().cloned().ok_or_else(|| {
            poem::Error::from_string(
                "no CSP nonce for this request: put the route behind SecureMiddleware with a \
                 policy that uses `nonce`",
                StatusCode::INTERNAL_SERVER_ERROR,
            )
        })
    }
}

/// Extracts the CSRF token of this response in poem handlers, for a form's hidden
/// `csrf_token` field.
///
/// Fails with 500 when the route is not behind a [`SecureMiddleware`] with CSRF tokens on.
impl<'a> FromRequest<'a> for CsrfToken {
    async fn from_request(request: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        request.extensions().get::<Self>().cloned().ok_or_else(|| {
            poem::Error::from_string(
                "no CSRF token for this request: put the route behind SecureMiddleware with \
                 CSRF tokens",
                StatusCode::INTERNAL_SERVER_ERROR,
            )
        })
    }
}

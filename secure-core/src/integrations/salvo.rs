//! A salvo 1 hoop driving the [`Pipeline`]: the security headers on every response (errors
//! and 404s included), a fresh [`CspNonce`] per request, the report endpoint, CSRF
//! protection, and, when configured, allowed hosts and the HTTPS redirect. Handlers read
//! the nonce and the CSRF token from the [`Depot`] through [`SecureDepot`].
//!
//! ```
//! # use secure_core as secure_http;
//! use salvo_core::http::StatusCode;
//! use salvo_core::test::{ResponseExt, TestClient};
//! use salvo_core::{Depot, Router, Service, handler};
//! use secure_http::csrf::CsrfProtection;
//! use secure_http::integrations::salvo::{SecureDepot, SecureHoop};
//! use secure_http::pipeline::Pipeline;
//! use secure_http::{SecurityHeaders, csp::presets};
//!
//! #[handler]
//! fn page(depot: &mut Depot) -> String {
//!     let nonce = depot.csp_nonce().expect("the hoop's nonce");
//!     format!("<script nonce=\"{nonce}\">go()</script>")
//! }
//!
//! let pipeline = Pipeline::new(SecurityHeaders::new().content_security_policy(presets::STRICT))
//!     .csrf(CsrfProtection::new());
//! let service = Service::new(Router::new().get(page)).hoop(SecureHoop::new(pipeline));
//!
//! # tokio_test::block_on(async {
//! let mut response = TestClient::get("http://app.example/").send(&service).await;
//! assert_eq!(response.status_code, Some(StatusCode::OK));
//! let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
//! let body = response.take_string().await.unwrap();
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
//! let mut forged = TestClient::post("http://app.example/")
//!     .add_header("sec-fetch-site", "cross-site", true)
//!     .send(&service)
//!     .await;
//! assert_eq!(forged.status_code, Some(StatusCode::FORBIDDEN));
//! assert_eq!(forged.take_string().await.unwrap(), "cross-origin request");
//! let mut missing = TestClient::get("http://app.example/nowhere").send(&service).await;
//! assert_eq!(missing.status_code, Some(StatusCode::NOT_FOUND));
//! assert_eq!(
//!     missing.headers()["strict-transport-security"],
//!     "max-age=31536000; includeSubDomains; preload"
//! );
//! # });
//! ```
//!
//! Put the hoop on the [`Service`](salvo_core::Service) (`Service::new(router).hoop(..)`):
//! salvo runs a `Router`'s hoops only for requests that match one of its routes, so a hoop on
//! a router leaves 404s, and requests for paths no route serves (the report endpoint's
//! `/csp-report` among them), unprotected. On the service it sees every request, with the
//! request's own path. The peer address, which decides whether forwarded headers come from a
//! trusted proxy, is the TCP peer (`remote_addr()`), and a request on a TLS listener counts
//! as HTTPS.
//!
//! A handler changes its own response by putting
//! [`CspOverride`](crate::CspOverride) or [`SkipHsts`](crate::SkipHsts) in
//! `res.extensions`.
//!
//! Salvo writes its error pages (a 404's, for one) after the hoops have run; they get the
//! headers all the same. Its default pages carry an inline `<style>`, which a policy without
//! `'unsafe-inline'` (or a hash) in `style-src` blocks: they show unstyled. A
//! [`Catcher`](salvo_core::catcher::Catcher) of your own can render them otherwise.

use crate::csrf::CsrfToken;
use crate::pipeline::{Answer, BodyOutcome, Pipeline, RequestHead, Step};
use crate::{CspNonce, Overrides};
use http_body_util::{BodyExt, Limited};
use salvo_core::http::header::{self, HeaderValue};
use salvo_core::http::uri::Scheme;
use salvo_core::http::{ReqBody, ResBody, Version};
use salvo_core::{Depot, FlowCtrl, Handler, Request, Response, async_trait};
use std::time::Duration;

/// The salvo hoop: `Service::new(router).hoop(SecureHoop::new(pipeline))`.
#[derive(Debug, Clone)]
pub struct SecureHoop {
    pipeline: Pipeline,
}

impl SecureHoop {
    /// The hoop applying `pipeline`. Says once, at INFO, where the report endpoint receives
    /// reports, as the other adapters do.
    pub fn new(pipeline: Pipeline) -> Self {
        pipeline.announce();
        Self { pipeline }
    }

    /// The pipeline applied (its headers, its report endpoint).
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }
}

#[async_trait]
impl Handler for SecureHoop {
    async fn handle(
        &self,
        req: &mut Request,
        depot: &mut Depot,
        res: &mut Response,
        ctrl: &mut FlowCtrl,
    ) {
        let mut step = self.pipeline.on_request(&*req);
        let mut pass = loop {
            match step {
                Step::Answer(answer) => {
                    write_answer(res, answer);
                    ctrl.skip_rest();
                    return;
                }
                Step::Pass(pass) => break pass,
                Step::ReadBody(pending) => {
                    let body = read_body(req.take_body(), pending.limit(), pending.timeout());
                    step = self.pipeline.on_body(pending, body.await);
                }
            }
        };
        if let Some(body) = pass.take_body() {
            req.replace_body(body.into());
        }
        if let Some(nonce) = pass.nonce() {
            depot.insert_typed(nonce.clone());
        }
        if let Some(token) = pass.csrf_token() {
            depot.insert_typed(token);
        }
        ctrl.call_next(req, depot, res).await;
        let overrides = Overrides::from_extensions(&res.extensions);
        self.pipeline
            .on_response_headers(&pass, res.headers_mut(), overrides);
    }
}

async fn read_body(body: ReqBody, limit: usize, timeout: Duration) -> BodyOutcome {
    match tokio::time::timeout(timeout, Limited::new(body, limit).collect()).await {
        Ok(Ok(collected)) => BodyOutcome::Read(collected.to_bytes()),
        Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => BodyOutcome::TooLarge,
        Ok(Err(_)) => BodyOutcome::Unreadable,
        Err(_elapsed) => BodyOutcome::TimedOut,
    }
}

/// The answer in place of the application's response. Its body is set even when empty, so
/// that salvo's catcher does not write an error page over a refusal.
fn write_answer(res: &mut Response, answer: Answer) {
    res.status_code(answer.status);
    res.headers_mut().extend(answer.headers);
    if answer.close {
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    res.body(ResBody::Once(answer.body));
}

/// What the pipeline reads of a salvo request.
///
/// Salvo (with its default `fix-http1-request-uri` feature) copies the first `Host` header
/// of an HTTP/1 request into the URI: that copy is not counted as the request's authority,
/// so that several `Host` headers are refused as with the other adapters.
impl RequestHead for Request {
    fn method(&self) -> &str {
        Request::method(self).as_str()
    }
    fn path(&self) -> &str {
        self.uri().path()
    }
    fn path_and_query(&self) -> &str {
        self.uri().path_and_query().map_or("/", |p| p.as_str())
    }
    /// `https` on a TLS listener, whatever the request target says.
    fn scheme(&self) -> Option<&str> {
        (*Request::scheme(self) == Scheme::HTTPS).then_some("https")
    }
    fn authority(&self) -> Option<&str> {
        let authority = self.uri().authority()?.as_str();
        let copied_from_host = self.version() <= Version::HTTP_11
            && self
                .headers()
                .get(header::HOST)
                .is_some_and(|host| host.as_bytes() == authority.as_bytes());
        (!copied_from_host).then_some(authority)
    }
    fn header_values<'a>(&'a self, name: &'static str) -> impl Iterator<Item = &'a [u8]> + 'a {
        crate::pipeline::values(self.headers(), name)
    }
    /// The TCP peer (`remote_addr()`).
    fn peer_ip(&self) -> Option<std::net::IpAddr> {
        self.remote_addr().ip()
    }
    fn body_pending(&self) -> bool {
        crate::pipeline::http1_body_pending(self.version(), self.headers())
    }
}

/// The nonce and the CSRF token a [`SecureHoop`] put in the [`Depot`], for templates and
/// forms: `use secure_http::integrations::salvo::SecureDepot;`, then `depot.csp_nonce()`.
///
/// Both are `None` when the request did not pass a [`SecureHoop`] whose pipeline has them
/// (a policy that asks for `nonce`, CSRF tokens on). Render no page without them: its
/// scripts would be blocked, its form refused.
pub trait SecureDepot {
    /// The nonce of this response's CSP.
    fn csp_nonce(&self) -> Option<&CspNonce>;
    /// The CSRF token of this response, for a form's hidden `csrf_token` field or the
    /// `X-CSRF-Token` header.
    fn csrf_token(&self) -> Option<&CsrfToken>;
}

impl SecureDepot for Depot {
    fn csp_nonce(&self) -> Option<&CspNonce> {
        self.get_typed::<CspNonce>().ok()
    }
    fn csrf_token(&self) -> Option<&CsrfToken> {
        self.get_typed::<CsrfToken>().ok()
    }
}

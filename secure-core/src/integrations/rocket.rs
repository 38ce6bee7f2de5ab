//! A rocket 0.5 fairing driving the [`Pipeline`]: the security headers on every response
//! (rocket's catchers included), a fresh [`CspNonce`] per response, the report endpoint, CSRF
//! protection, and, when configured, allowed hosts and the HTTPS redirect; [`CspNonce`] and
//! [`CsrfToken`] are request guards.
//!
//! ```
//! # use secure_core as secure_http;
//! use rocket::http::{Header, Status};
//! use rocket::local::blocking::Client;
//! use secure_http::csrf::CsrfProtection;
//! use secure_http::integrations::rocket::SecureFairing;
//! use secure_http::pipeline::Pipeline;
//! use secure_http::{CspNonce, SecurityHeaders, csp::presets};
//!
//! #[rocket::get("/")]
//! fn page(nonce: CspNonce) -> String {
//!     format!("<script nonce=\"{nonce}\">go()</script>")
//! }
//!
//! let pipeline = Pipeline::new(SecurityHeaders::new().content_security_policy(presets::STRICT))
//!     .csrf(CsrfProtection::new());
//! let rocket = rocket::build()
//!     .mount("/", rocket::routes![page])
//!     .attach(SecureFairing::new(pipeline));
//!
//! let client = Client::tracked(rocket)?;
//! let response = client.get("/").header(Header::new("Host", "app.example")).dispatch();
//! assert_eq!(response.status(), Status::Ok);
//! let csp = response.headers().get_one("content-security-policy").unwrap().to_owned();
//! let body = response.into_string().unwrap();
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
//!
//! // A forged post never reaches a route: the fairing answers it.
//! let forged = client
//!     .post("/")
//!     .header(Header::new("Host", "app.example"))
//!     .header(Header::new("Sec-Fetch-Site", "cross-site"))
//!     .dispatch();
//! assert_eq!(forged.status(), Status::Forbidden);
//! assert_eq!(forged.headers().get_one("x-frame-options"), Some("DENY"));
//! assert_eq!(forged.into_string().unwrap(), "cross-origin request");
//! # Ok::<(), rocket::Error>(())
//! ```
//!
//! # How a fairing refuses a request
//!
//! A rocket fairing cannot answer a request itself: `on_request` may only change the request
//! before it is routed. [`SecureFairing`] runs [`Pipeline::on_request`] there, before any route
//! or guard; when the pipeline answers (a redirect, a refused host, a CSRF refusal, the report
//! endpoint), the fairing keeps the answer in the request-local cache and rewrites the
//! request's URI to [`ANSWER_PATH`], an internal route it mounts itself (on ignite, for every
//! method, ranked before any route of the application), which sends the answer kept. No route
//! or request guard of the application runs for such a request. The internal route answers
//! nothing else: reached directly by a client, it forwards, and the client gets the
//! application's 404 (or the route it would have reached there), never a pass. Should
//! another fairing route an answered request elsewhere anyway, the answer still replaces the
//! response on the way out (a report, which only the internal route reads, becomes a 500).
//! Rocket's own log shows the internal path for the requests answered this way.
//!
//! The alternatives rocket offers fit worse. A request guard runs only for the routes that
//! ask for it, so one forgotten on a route leaves that route unprotected, and a guard's
//! failure goes to a catcher, which knows the status but not the answer (the reason, the
//! redirect's `Location`, the report endpoint's 204). A catcher is never reached by a request
//! that a route accepts. The fairing protects every route without a change to them.
//!
//! # Limits and differences from the other adapters
//!
//! - **Form bodies are peeked, at most 511 bytes.** A fairing cannot take the body from rocket
//!   and give it back: it can only look at the first bytes through `Data::peek`, which holds at
//!   most 512 ([`PEEK_LIMIT`] + 1, to tell a complete body from a longer one). A form posted
//!   without the `x-csrf-token` header is checked by its `csrf_token` field when its whole
//!   body fits in [`PEEK_LIMIT`] bytes (and the [`CsrfProtection`]'s form limit); a longer
//!   form is refused (403 `missing CSRF token`), never passed unchecked. Send larger forms
//!   with the token in the `x-csrf-token` header (a `fetch` does), or keep forms that carry
//!   the token in the body small (file uploads belong in `multipart/form-data` with the
//!   header token). The body stays where it was: the route reads all of it.
//! - **Report bodies** are read whole (up to the endpoint's limit, within its timeout) by the
//!   internal route.
//! - **Rocket's Shield is replaced** by an empty one on ignite, so that the security headers
//!   come from one place, the [`SecurityHeaders`](crate::SecurityHeaders) of the pipeline:
//!   Shield's defaults (`X-Content-Type-Options`, `X-Frame-Options`, a `Permissions-Policy`)
//!   are in `SecurityHeaders::new()` already, with values of their own, and two sources of the
//!   same header could contradict each other. The fairing's headers are applied after every
//!   fairing attached before ignite, and replace any value a route or a fairing set. (On a TLS
//!   server in rocket's release profile, an empty Shield still adds a default HSTS header when
//!   none is there: the pipeline's HSTS replaces it, but with HSTS switched off in
//!   `SecurityHeaders`, Shield's stays.)
//! - **Requests rocket cannot parse** (an unknown method, a request target rocket refuses) are
//!   answered 400 by rocket's catcher before any fairing runs, without the headers. A
//!   response without a body cannot run a script, and such a request never reaches a route.
//! - **`_method`:** rocket reads a `_method` field of a posted form before the fairings and
//!   takes it as the request's method: the pipeline sees the method rocket routes, so a
//!   forged post with `_method=delete` is refused like a `DELETE`, and one with `_method=get`
//!   is a `GET`, which reaches only `GET` routes (state must not change on those).
//! - The peer address, which decides whether forwarded headers come from a trusted proxy, is
//!   the TCP peer (`Request::remote`, never `client_ip`, which comes from a header); requests
//!   count as HTTPS when rocket serves TLS. The response's `CspOverride` and `SkipHsts` are
//!   not read (rocket's responses have no extensions): give such routes their own rocket
//!   instance, or drive the [`Pipeline`] yourself.
//!
//! [`CsrfProtection`]: crate::csrf::CsrfProtection

use crate::csrf::CsrfToken;
use crate::pipeline::{
    Answer, BodyOutcome, HeaderEdit, Pass, PendingBody, Pipeline, RequestHead, Step,
};
use crate::{CspNonce, Overrides};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};
use rocket::data::{Data, ToByteUnit};
use rocket::fairing::{self, Fairing, Info, Kind};
use rocket::http::uri::Origin;
use rocket::http::{Method, Status};
use rocket::request::{self, FromRequest, Request};
use rocket::response::Response;
use rocket::route::{self, Handler, Route};
use rocket::shield::Shield;
use rocket::{Build, Rocket};
use std::io::Cursor;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The path of the internal route that sends the pipeline's answers. A request the pipeline
/// answers is rewritten to it; a client's own request there is forwarded (404).
pub const ANSWER_PATH: &str = "/__secure-http/answer";

/// The longest form body whose `csrf_token` field the fairing reads: rocket lets a fairing
/// peek at 512 bytes (`Data::peek`), and one more byte than the limit tells a longer body
/// apart. A longer form needs the token in the `x-csrf-token` header.
pub const PEEK_LIMIT: usize = 511;

/// Before every route of the application (rocket's default ranks are between -12 and 4).
const ANSWER_RANK: isize = -1_000_000;

/// The rocket fairing: `rocket::build().attach(SecureFairing::new(pipeline))`.
///
/// On ignite it mounts the internal route at [`ANSWER_PATH`], replaces rocket's Shield with
/// an empty one, and attaches the fairing that runs the pipeline on each request and
/// response (see the [module documentation](self)). It is a singleton: attaching a second one
/// replaces the first.
#[derive(Debug, Clone)]
pub struct SecureFairing {
    pipeline: Pipeline,
}

impl SecureFairing {
    /// The fairing applying `pipeline`.
    pub fn new(pipeline: Pipeline) -> Self {
        Self { pipeline }
    }

    /// The pipeline applied (its headers, its report endpoint).
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }
}

#[rocket::async_trait]
impl Fairing for SecureFairing {
    fn info(&self) -> Info {
        Info {
            name: "secure-http",
            kind: Kind::Ignite | Kind::Singleton,
        }
    }

    async fn on_ignite(&self, rocket: Rocket<Build>) -> fairing::Result {
        self.pipeline.announce();
        tracing::info!(
            target: "secure_http",
            "rocket's Shield is replaced by an empty one: the security headers are those of \
             secure-http's SecureFairing"
        );
        let answer = AnswerRoute {
            pipeline: self.pipeline.clone(),
        };
        let routes: Vec<Route> = ALL_METHODS
            .iter()
            .map(|method| {
                let mut route = Route::ranked(ANSWER_RANK, *method, ANSWER_PATH, answer.clone());
                route.name = Some("secure-http answer".into());
                route
            })
            .collect();
        // Attached now, they come after every fairing attached before ignite: the headers
        // are set last, over Shield's and any other's.
        Ok(rocket
            .mount("/", routes)
            .attach(Shield::new())
            .attach(Protect {
                pipeline: self.pipeline.clone(),
            }))
    }
}

const ALL_METHODS: [Method; 9] = [
    Method::Get,
    Method::Put,
    Method::Post,
    Method::Delete,
    Method::Options,
    Method::Head,
    Method::Trace,
    Method::Connect,
    Method::Patch,
];

/// What the pipeline decided for a request, kept in its request-local cache.
enum Decided {
    /// The request passed: its nonce and token, and its response's headers.
    Passed(Pass),
    /// The pipeline answered: the internal route sends this.
    Answered { answer: Answer, sent: AtomicBool },
    /// The report endpoint: the internal route reads the body, then answers.
    Report {
        pending: Mutex<Option<PendingBody>>,
        sent: AtomicBool,
    },
    /// The fairing did not see the request.
    Unseen,
}

fn decided<'a>(request: &'a Request<'_>) -> &'a Decided {
    request.local_cache(|| Decided::Unseen)
}

fn passed<'a>(request: &'a Request<'_>) -> Option<&'a Pass> {
    match decided(request) {
        Decided::Passed(pass) => Some(pass),
        _ => None,
    }
}

/// The fairing [`SecureFairing`] attaches on ignite: the pipeline on each request and the
/// headers on each response.
struct Protect {
    pipeline: Pipeline,
}

#[rocket::async_trait]
impl Fairing for Protect {
    fn info(&self) -> Info {
        Info {
            name: "secure-http pipeline",
            kind: Kind::Request | Kind::Response | Kind::Singleton,
        }
    }

    async fn on_request(&self, request: &mut Request<'_>, data: &mut Data<'_>) {
        let mut step = self.pipeline.on_request(&Head::new(request));
        let decision = loop {
            match step {
                Step::Pass(mut pass) => {
                    // Only peeked at: the body is still rocket's, whole.
                    let _ = pass.take_body();
                    break Decided::Passed(pass);
                }
                Step::Answer(answer) => {
                    break Decided::Answered {
                        answer,
                        sent: AtomicBool::new(false),
                    };
                }
                Step::ReadBody(pending) if pending.is_report() => {
                    break Decided::Report {
                        pending: Mutex::new(Some(pending)),
                        sent: AtomicBool::new(false),
                    };
                }
                Step::ReadBody(pending) => {
                    let body = peek_form(data, pending.limit(), pending.timeout()).await;
                    step = self.pipeline.on_body(pending, body);
                }
            }
        };
        let answers = !matches!(decision, Decided::Passed(_));
        request.local_cache(move || decision);
        if answers {
            request.set_uri(Origin::parse(ANSWER_PATH).expect("ANSWER_PATH is an origin URI"));
        }
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        match decided(request) {
            Decided::Passed(pass) => {
                for edit in self.pipeline.response_edits(pass, Overrides::default()) {
                    apply(response, edit);
                }
            }
            Decided::Answered { answer, sent } => {
                if !sent.load(Ordering::Acquire) {
                    tracing::error!(
                        target: "secure_http",
                        "a request answered by the pipeline was routed elsewhere: the \
                         pipeline's answer replaces the response"
                    );
                    *response = answer_response(answer.clone());
                }
                self.remove_unwanted(response);
            }
            Decided::Report { sent, .. } => {
                if !sent.load(Ordering::Acquire) {
                    tracing::error!(
                        target: "secure_http",
                        "a report was routed away from the report endpoint"
                    );
                    let mut answer = Answer::text(StatusCode::INTERNAL_SERVER_ERROR, "");
                    self.apply_configured(&mut answer.headers);
                    *response = answer_response(answer);
                }
                self.remove_unwanted(response);
            }
            Decided::Unseen => {
                let mut headers = HeaderMap::new();
                self.apply_configured(&mut headers);
                for (name, value) in &headers {
                    response.set_raw_header(name.as_str().to_owned(), text(value));
                }
                self.remove_unwanted(response);
            }
        }
    }
}

impl Protect {
    /// The configured headers, with a fresh nonce when a policy asks for one.
    fn apply_configured(&self, headers: &mut HeaderMap) {
        let configured = self.pipeline.headers();
        if configured.needs_nonce() {
            configured.apply_with_nonce(headers, &CspNonce::generate());
        } else {
            configured.apply(headers);
        }
    }

    /// Removes the headers the configuration removes (`Server`, which rocket adds to every
    /// response) from an answer, whose security headers the pipeline set.
    fn remove_unwanted(&self, response: &mut Response<'_>) {
        for name in self.pipeline.headers().fixed_headers().1 {
            response.remove_header(name.as_str());
        }
    }
}

fn apply(response: &mut Response<'_>, edit: HeaderEdit) {
    match edit {
        HeaderEdit::Set(name, value) => {
            response.set_raw_header(name.as_str().to_owned(), text(&value));
        }
        HeaderEdit::Append(name, value) => {
            response.adjoin_raw_header(name.as_str().to_owned(), text(&value));
        }
        HeaderEdit::Remove(name) => response.remove_header(name.as_str()),
    }
}

/// A header value as rocket's text; the pipeline's values are all visible ASCII.
fn text(value: &HeaderValue) -> String {
    String::from_utf8_lossy(value.as_bytes()).into_owned()
}

/// A form body, if it fits in what rocket lets a fairing peek at and in `limit`.
async fn peek_form(data: &mut Data<'_>, limit: usize, timeout: std::time::Duration) -> BodyOutcome {
    let limit = limit.min(PEEK_LIMIT);
    // One byte more than the limit: reading it means the body is longer.
    let wanted = limit + 1;
    let peek = async { Bytes::copy_from_slice(data.peek(wanted).await) };
    let Ok(bytes) = tokio::time::timeout(timeout, peek).await else {
        return BodyOutcome::TimedOut;
    };
    if bytes.len() > limit {
        BodyOutcome::TooLarge
    } else if data.peek_complete() {
        BodyOutcome::Read(bytes)
    } else {
        BodyOutcome::Unreadable
    }
}

/// The internal route at [`ANSWER_PATH`].
#[derive(Clone)]
struct AnswerRoute {
    pipeline: Pipeline,
}

#[rocket::async_trait]
impl Handler for AnswerRoute {
    async fn handle<'r>(&self, request: &'r Request<'_>, data: Data<'r>) -> route::Outcome<'r> {
        match decided(request) {
            Decided::Answered { answer, sent } => {
                sent.store(true, Ordering::Release);
                route::Outcome::Success(answer_response(answer.clone()))
            }
            Decided::Report { pending, sent } => {
                let pending = pending.lock().map(|mut slot| slot.take()).ok().flatten();
                let Some(pending) = pending else {
                    return route::Outcome::Error(Status::InternalServerError);
                };
                let body = read_body(data, pending.limit(), pending.timeout()).await;
                let answer = match self.pipeline.on_body(pending, body) {
                    Step::Answer(answer) => answer,
                    // The report endpoint always answers.
                    Step::Pass(_) | Step::ReadBody(_) => {
                        return route::Outcome::Error(Status::InternalServerError);
                    }
                };
                sent.store(true, Ordering::Release);
                route::Outcome::Success(answer_response(answer))
            }
            // A client's own request for the path: not ours to answer.
            Decided::Passed(_) | Decided::Unseen => {
                route::Outcome::Forward((data, Status::NotFound))
            }
        }
    }
}

async fn read_body(data: Data<'_>, limit: usize, timeout: std::time::Duration) -> BodyOutcome {
    let read = data.open(limit.bytes()).into_bytes();
    match tokio::time::timeout(timeout, read).await {
        Ok(Ok(bytes)) if bytes.is_complete() => BodyOutcome::Read(Bytes::from(bytes.into_inner())),
        Ok(Ok(_)) => BodyOutcome::TooLarge,
        Ok(Err(_)) => BodyOutcome::Unreadable,
        Err(_elapsed) => BodyOutcome::TimedOut,
    }
}

fn answer_response(answer: Answer) -> Response<'static> {
    let mut builder = Response::build();
    builder
        .status(Status::new(answer.status.as_u16()))
        .sized_body(answer.body.len(), Cursor::new(answer.body));
    for (name, value) in &answer.headers {
        builder.raw_header_adjoin(name.as_str().to_owned(), text(value));
    }
    if answer.close {
        builder.raw_header("Connection", "close");
    }
    builder.finalize()
}

/// What the pipeline reads of a rocket request.
struct Head<'a, 'r> {
    request: &'a Request<'r>,
    path_and_query: String,
    /// The host rocket gives the application (`Request::host`): `Host` on HTTP/1, but
    /// `:authority` on HTTP/2, where rocket ignores `Host`. Checked against `Host`, which
    /// must name the same host, so that the host checked is the one the application sees.
    authority: Option<String>,
    tls: bool,
}

impl<'a, 'r> Head<'a, 'r> {
    fn new(request: &'a Request<'r>) -> Self {
        Self {
            request,
            path_and_query: request.uri().to_string(),
            authority: request.host().map(ToString::to_string),
            tls: request.rocket().config().tls_enabled(),
        }
    }
}

impl RequestHead for Head<'_, '_> {
    fn method(&self) -> &str {
        self.request.method().as_str()
    }
    fn path(&self) -> &str {
        self.request.uri().path().as_str()
    }
    fn path_and_query(&self) -> &str {
        &self.path_and_query
    }
    /// `https` when rocket serves TLS; rocket's request targets have no scheme.
    fn scheme(&self) -> Option<&str> {
        self.tls.then_some("https")
    }
    fn authority(&self) -> Option<&str> {
        self.authority.as_deref()
    }
    /// Rocket keeps header values that are UTF-8 only; it drops the others.
    fn header_values<'b>(&'b self, name: &'static str) -> impl Iterator<Item = &'b [u8]> + 'b {
        self.request.headers().get(name).map(str::as_bytes)
    }
    /// The TCP peer (`Request::remote`).
    fn peer_ip(&self) -> Option<std::net::IpAddr> {
        self.request.remote().map(|addr| addr.ip())
    }
    /// Rocket does not tell the HTTP version: a body announced counts as pending.
    fn body_pending(&self) -> bool {
        self.request.headers().contains("transfer-encoding")
            || self
                .request
                .headers()
                .get_one("content-length")
                .is_some_and(|length| length != "0")
    }
}

/// Why a [`CspNonce`] or [`CsrfToken`] request guard failed (with 500): the request did not
/// pass a [`SecureFairing`] that gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotProvided {
    /// No nonce: no [`SecureFairing`] is attached, or its policy does not use `nonce`.
    Nonce,
    /// No CSRF token: no [`SecureFairing`] is attached, or its CSRF protection has no tokens.
    CsrfToken,
}

impl std::fmt::Display for NotProvided {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Nonce => {
                "no CSP nonce for this request: attach SecureFairing with a policy that uses `nonce`"
            }
            Self::CsrfToken => {
                "no CSRF token for this request: attach SecureFairing with CSRF tokens"
            }
        })
    }
}

impl std::error::Error for NotProvided {}

/// The nonce of this response, as a request guard, for templates.
///
/// Fails with 500 ([`NotProvided::Nonce`]) when no [`SecureFairing`] whose policy asks for
/// `nonce` is attached: a page rendered without the header's nonce would have its scripts
/// blocked.
#[rocket::async_trait]
impl<'r> FromRequest<'r> for CspNonce {
    type Error = NotProvided;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        match passed(request).and_then(Pass::nonce) {
            Some(nonce) => request::Outcome::Success(nonce.clone()),
            None => {
                tracing::error!(target: "secure_http", "{}", NotProvided::Nonce);
                request::Outcome::Error((Status::InternalServerError, NotProvided::Nonce))
            }
        }
    }
}

/// The CSRF token of this response, as a request guard, for a form's hidden `csrf_token`
/// field.
///
/// Fails with 500 ([`NotProvided::CsrfToken`]) when no [`SecureFairing`] with CSRF tokens is
/// attached.
#[rocket::async_trait]
impl<'r> FromRequest<'r> for CsrfToken {
    type Error = NotProvided;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        match passed(request).and_then(Pass::csrf_token) {
            Some(token) => request::Outcome::Success(token),
            None => {
                tracing::error!(target: "secure_http", "{}", NotProvided::CsrfToken);
                request::Outcome::Error((Status::InternalServerError, NotProvided::CsrfToken))
            }
        }
    }
}

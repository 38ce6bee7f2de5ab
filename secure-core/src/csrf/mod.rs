//! Cross-site request forgery protection, framework-agnostic.
//!
//! Two defences, used together or alone:
//!
//! - **Origin checks** (on by default): modern browsers say where a request comes from in
//!   `Sec-Fetch-Site`, older ones in `Origin`; a state-changing request from another site is
//!   refused. This is what Go 1.25's `CrossOriginProtection` does, and on its own it protects
//!   every browser of the last years on HTTPS and localhost.
//! - **Tokens** (opt-in): a signed double-submit cookie, for plain-HTTP deployments, clients
//!   without Fetch Metadata, and defence in depth.
//!
//! The integrations drive [`CsrfProtection::decide`] for each request.

mod origin;
mod token;

pub use crate::origin::{InvalidOrigin, Origin};
pub use origin::{OriginCheck, RequestHeaders, is_safe_method};
pub use token::{CsrfKey, CsrfKeys, CsrfSecret, CsrfToken, InvalidKey};

use std::fmt;
use std::sync::Arc;

/// The header JavaScript clients send the token in.
pub const TOKEN_HEADER: &str = "x-csrf-token";
/// The form field forms send the token in.
pub const TOKEN_FIELD: &str = "csrf_token";

/// Why a request was refused. Answered 403 with [`reason`](Self::reason) as the body,
/// unless the application replaces the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfRejection {
    /// The request comes from another site.
    CrossOrigin,
    /// Tokens are on, and the request carries none.
    MissingToken,
    /// The token does not match the cookie, or the cookie is missing or forged.
    InvalidToken,
}

impl CsrfRejection {
    /// The short plain reason: `cross-origin request`, `missing CSRF token`,
    /// `invalid CSRF token`.
    pub const fn reason(self) -> &'static str {
        match self {
            Self::CrossOrigin => "cross-origin request",
            Self::MissingToken => "missing CSRF token",
            Self::InvalidToken => "invalid CSRF token",
        }
    }

    /// 403 Forbidden.
    pub const fn status(self) -> u16 {
        403
    }
}

impl fmt::Display for CsrfRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

impl std::error::Error for CsrfRejection {}

/// Decides which requests bypass every check (webhooks that must accept cross-origin posts),
/// from the method and the path.
type Bypass = Arc<dyn Fn(&str, &str) -> bool + Send + Sync>;

/// The CSRF settings: the origin check, optional tokens, and the routes that bypass both.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::csrf::{CsrfKey, CsrfKeys, CsrfProtection, OriginCheck};
/// let protection = CsrfProtection::new()
///     .origin_check(OriginCheck::default().trust("https://partner.example".parse()?))
///     .tokens(CsrfKeys::new(CsrfKey::from_base64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")?))
///     .bypass(|_method, path| path.starts_with("/webhooks/"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct CsrfProtection {
    origin: Option<OriginCheck>,
    tokens: Option<CsrfKeys>,
    cookie: CookieSettings,
    form_limit: usize,
    form_timeout: std::time::Duration,
    bypass: Option<Bypass>,
}

#[derive(Debug, Clone, Copy)]
struct CookieSettings {
    development: bool,
    lax: bool,
}

/// What the integration should do with a request.
#[derive(Debug)]
pub enum Decision {
    /// Let it through. With tokens on, `session` gives the token for the handler and, when
    /// the browser needs a new cookie, its `Set-Cookie` value.
    Pass(Option<CsrfSession>),
    /// The token can only be in the form body: read at most `limit` bytes within `timeout`
    /// and call [`CsrfProtection::decide_with_form`]; a longer body is refused as missing its
    /// token, and one that does not arrive in time is answered `408 Request Timeout`.
    ReadForm {
        /// The session the form token must match.
        session: Option<CsrfSession>,
        /// How many bytes of body may be read.
        limit: usize,
        /// How long reading the body may take in all.
        timeout: std::time::Duration,
    },
    /// Refuse it.
    Reject(CsrfRejection),
}

/// One request's CSRF state: its secret, and the cookie to set, if any.
#[derive(Debug, Clone)]
pub struct CsrfSession {
    secret: CsrfSecret,
    /// Whether the browser sent this secret (false: it was made for this response).
    sent_by_browser: bool,
    set_cookie: Option<String>,
}

impl CsrfSession {
    /// A token for this response, masked afresh.
    pub fn token(&self) -> CsrfToken {
        self.secret.mask()
    }

    /// The `Set-Cookie` value to send, when the browser had no valid cookie or one signed
    /// with a retired key.
    pub fn set_cookie(&self) -> Option<&str> {
        self.set_cookie.as_deref()
    }
}

/// What [`CsrfProtection::decide`] reads from a request.
#[derive(Debug, Clone, Copy)]
pub struct CsrfRequest<'a, C> {
    /// Method and origin headers.
    pub headers: RequestHeaders<'a>,
    /// The path, for the bypass predicate.
    pub path: &'a str,
    /// The raw values of every `Cookie` header (bytes: a cookie of another name may hold
    /// any byte, and must not hide ours).
    pub cookies: C,
    /// The `x-csrf-token` header.
    pub token_header: Option<&'a str>,
    /// The `Content-Type` header.
    pub content_type: Option<&'a str>,
    /// The `Content-Length` header, when it is a number: a form that declares more than the
    /// form limit is refused before any of it is read.
    pub content_length: Option<u64>,
}

impl Default for CsrfProtection {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for CsrfProtection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsrfProtection")
            .field("origin", &self.origin)
            .field("tokens", &self.tokens)
            .field("cookie", &self.cookie)
            .field("form_limit", &self.form_limit)
            .field("form_timeout", &self.form_timeout)
            .field("bypass", &self.bypass.is_some())
            .finish()
    }
}

impl CsrfProtection {
    /// How long reading a form body for its token may take by default: 10 seconds.
    pub const DEFAULT_FORM_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

    /// The origin check with default settings, no tokens.
    pub fn new() -> Self {
        Self {
            origin: Some(OriginCheck::default()),
            tokens: None,
            cookie: CookieSettings {
                development: false,
                lax: false,
            },
            form_limit: 64 * 1024,
            form_timeout: Self::DEFAULT_FORM_TIMEOUT,
            bypass: None,
        }
    }

    /// Uses these origin-check settings (trusted origins, same-site, public origin).
    pub fn origin_check(mut self, check: OriginCheck) -> Self {
        self.origin = Some(check);
        self
    }

    /// Turns the origin check off, leaving tokens alone to decide.
    pub fn without_origin_check(mut self) -> Self {
        self.origin = None;
        self
    }

    /// Requires a token on every state-changing request, signed with these keys. The
    /// secret travels in the `__Host-csrf` cookie (`Secure; HttpOnly; SameSite=Strict;
    /// Path=/`), which browsers only accept over HTTPS and on `http://localhost`.
    pub fn tokens(mut self, keys: CsrfKeys) -> Self {
        self.tokens = Some(keys);
        self
    }

    /// Tokens with a key made now. Tokens then break on every restart and cannot be verified
    /// by other instances, so this logs a warning: give a key from configuration instead.
    pub fn tokens_with_generated_key(self) -> Self {
        tracing::warn!(
            target: "secure_http::csrf",
            "CSRF tokens are signed with a key generated at start-up: they will not survive a restart or work across instances; configure a CsrfKey"
        );
        self.tokens(CsrfKeys::new(CsrfKey::generate()))
    }

    /// For plain `http://` development servers on another host name than `localhost`: the
    /// cookie is named `csrf` and sent without `Secure` (the `__Host-` prefix requires it).
    /// Never in production: the cookie could then be set by a man in the middle.
    pub fn development_cookie(mut self) -> Self {
        self.cookie.development = true;
        self
    }

    /// Sends the cookie with `SameSite=Lax` instead of `Strict`.
    ///
    /// With `Strict`, a visitor who follows a link from another site arrives without the
    /// cookie, so the page gets a new one, and forms already open in other tabs must be
    /// reloaded. `Lax` sends the cookie on such top-level navigations (never on cross-site
    /// posts); the origin check and the token remain the defence either way.
    pub fn lax_cookie(mut self) -> Self {
        self.cookie.lax = true;
        self
    }

    /// How much of an `application/x-www-form-urlencoded` body is read to find the
    /// `csrf_token` field (64 KiB by default). The body is passed on intact.
    pub fn form_limit(mut self, bytes: usize) -> Self {
        self.form_limit = bytes;
        self
    }

    /// How long reading that form body may take in all ([`DEFAULT_FORM_TIMEOUT`], 10 s, by
    /// default). A client that sends its body slower, one byte at a time, is answered
    /// `408 Request Timeout` and its connection closed, so it cannot hold the buffer and the
    /// connection open for as long as it likes. The integrations time the read with tokio's
    /// timer (actix-web runs on tokio), so a tower service must run in a tokio runtime with
    /// its time driver on, as axum's and tonic's do.
    ///
    /// [`DEFAULT_FORM_TIMEOUT`]: Self::DEFAULT_FORM_TIMEOUT
    pub fn form_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.form_timeout = timeout;
        self
    }

    /// Lets requests for which `f(method, path)` is true through without any check: routes
    /// that must accept cross-origin posts, such as webhooks with their own authentication.
    pub fn bypass(mut self, f: impl Fn(&str, &str) -> bool + Send + Sync + 'static) -> Self {
        self.bypass = Some(Arc::new(f));
        self
    }

    /// The cookie's name.
    pub fn cookie_name(&self) -> &'static str {
        if self.cookie.development {
            "csrf"
        } else {
            "__Host-csrf"
        }
    }

    /// Decides a request from its headers. Never panics, whatever they hold.
    pub fn decide<'a, C: IntoIterator<Item = &'a [u8]>>(
        &self,
        request: CsrfRequest<'a, C>,
    ) -> Decision {
        let session = self.session(request.cookies);
        let method = request.headers.method;
        if self
            .bypass
            .as_ref()
            .is_some_and(|f| f(method, request.path))
        {
            return Decision::Pass(session);
        }
        if let Some(check) = &self.origin
            && let Err(rejection) = check.check(&request.headers)
        {
            return self.reject(rejection, method, request.path);
        }
        if self.tokens.is_none() {
            return Decision::Pass(None);
        }
        if is_safe_method(method) {
            return Decision::Pass(session);
        }
        if let Some(token) = request.token_header {
            return self.verify(session, token, method, request.path);
        }
        if is_form(request.content_type) {
            // Refused whatever it holds once read; waiting for it would only hold the
            // connection until the read timed out.
            if request
                .content_length
                .is_some_and(|length| length > self.form_limit as u64)
            {
                return self.reject(CsrfRejection::MissingToken, method, request.path);
            }
            return Decision::ReadForm {
                session,
                limit: self.form_limit,
                timeout: self.form_timeout,
            };
        }
        self.reject(CsrfRejection::MissingToken, method, request.path)
    }

    /// Finishes a [`Decision::ReadForm`] with the body read (`None` when it was longer than
    /// the limit or could not be read).
    pub fn decide_with_form(
        &self,
        session: Option<CsrfSession>,
        body: Option<&[u8]>,
        method: &str,
        path: &str,
    ) -> Decision {
        let token = body.and_then(|body| {
            form_urlencoded::parse(body)
                .find(|(name, _)| name == TOKEN_FIELD)
                .map(|(_, value)| value.into_owned())
        });
        match token {
            Some(token) => self.verify(session, &token, method, path),
            None => self.reject(CsrfRejection::MissingToken, method, path),
        }
    }

    fn verify(
        &self,
        session: Option<CsrfSession>,
        token: &str,
        method: &str,
        path: &str,
    ) -> Decision {
        // A session whose cookie is new was not sent by the browser: nothing to match.
        match session {
            Some(session) if session.sent_by_browser && session.secret.matches(token) => {
                Decision::Pass(Some(session))
            }
            _ => self.reject(CsrfRejection::InvalidToken, method, path),
        }
    }

    fn reject(&self, rejection: CsrfRejection, method: &str, path: &str) -> Decision {
        tracing::info!(target: "secure_http::csrf", %method, %path, "request refused: {rejection}");
        Decision::Reject(rejection)
    }

    /// The session of the browser's valid cookie, or a new one to set.
    fn session<'a>(&self, cookies: impl IntoIterator<Item = &'a [u8]>) -> Option<CsrfSession> {
        let keys = self.tokens.as_ref()?;
        let name = self.cookie_name().as_bytes();
        // Every cookie of our name is tried: an attacker on a sibling domain may have planted
        // another one beside ours. Names are compared byte for byte after trimming only space
        // and tab, so no Unicode space can make another cookie pass for ours.
        let found = cookies
            .into_iter()
            .flat_map(|header| header.split(|&b| b == b';'))
            .filter_map(|pair| {
                let pair = pair.trim_ascii();
                let at = pair.iter().position(|&b| b == b'=')?;
                let (cookie_name, value) = (pair[..at].trim_ascii(), &pair[at + 1..]);
                (cookie_name == name).then(|| std::str::from_utf8(value.trim_ascii()).ok())?
            })
            .find_map(|value| {
                let secret = keys.open_cookie(value)?;
                Some((secret, keys.is_current(value)))
            });
        Some(match found {
            Some((secret, true)) => CsrfSession {
                secret,
                sent_by_browser: true,
                set_cookie: None,
            },
            Some((secret, false)) => {
                let value = keys.reseal(&secret);
                CsrfSession {
                    secret,
                    sent_by_browser: true,
                    set_cookie: Some(self.set_cookie_header(value)),
                }
            }
            None => {
                let (secret, value) = keys.new_cookie_value();
                CsrfSession {
                    secret,
                    sent_by_browser: false,
                    set_cookie: Some(self.set_cookie_header(value)),
                }
            }
        })
    }

    /// The `Set-Cookie` value for a new secret. The name is one of two constants and the
    /// value is the signed secret in unpadded base64url, so neither needs quoting or escaping:
    /// the attributes are written out directly (the `cookie` crate, with the `time` crates it
    /// needs, would add seven packages to every build for this one line).
    fn set_cookie_header(&self, value: String) -> String {
        debug_assert!(
            value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        let secure = if self.cookie.development {
            ""
        } else {
            "; Secure"
        };
        let same_site = if self.cookie.lax { "Lax" } else { "Strict" };
        format!(
            "{}={value}; HttpOnly; SameSite={same_site}{secure}; Path=/",
            self.cookie_name()
        )
    }
}

fn is_form(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|mt| {
            mt.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

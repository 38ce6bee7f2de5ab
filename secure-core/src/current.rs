//! The nonce and CSRF token of the request being handled, for code that renders a page
//! without the request in reach: a template helper, a component tree, a layout function
//! called from deep inside the handler.
//!
//! [`CspNonce::current`] and [`CsrfToken::current`] return the values of the request whose
//! handling is running, or `None` outside of one. They are set by
//! [`CurrentNonceLayer`](crate::integrations::tower::CurrentNonceLayer) (tower, axum),
//! [`CurrentNonce`](crate::integrations::actix::CurrentNonce) (actix-web), or [`scope`] for
//! any other framework, each placed inside the layers that make the nonce and the token.
//!
//! The values live in a tokio task-local: they follow the handler's future from thread to
//! thread and each request sees its own, however many run at once. They do not follow work
//! moved to another task (`tokio::spawn`, `spawn_blocking`): read them before, and enter
//! [`sync_scope`] or [`scope`] again there. Nothing is set, and nothing is paid, by an
//! application that does not add the layer.
//!
//! ```
//! # use secure_core as secure_http;
//! use secure_http::CspNonce;
//! use secure_http::current;
//!
//! fn script_tag() -> String {
//!     match CspNonce::current() {
//!         Some(nonce) => format!("<script nonce=\"{nonce}\" src=\"/app.js\"></script>"),
//!         None => String::new(),
//!     }
//! }
//!
//! let nonce = CspNonce::generate();
//! let page = current::sync_scope(Some(nonce.clone()), None, script_tag);
//! assert_eq!(page, format!("<script nonce=\"{nonce}\" src=\"/app.js\"></script>"));
//! assert_eq!(script_tag(), "");
//! ```

use crate::CspNonce;
use crate::csrf::CsrfToken;
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::task::futures::TaskLocalFuture;

tokio::task_local! {
    static CURRENT: Current;
}

/// What one request's handling can read.
#[derive(Debug)]
struct Current {
    nonce: Option<CspNonce>,
    csrf_token: Option<CsrfToken>,
}

pin_project! {
    /// The future returned by [`scope`]: `future`, with the nonce and the token current
    /// whenever it runs.
    pub struct Scoped<F: Future> {
        #[pin]
        inner: TaskLocalFuture<Current, F>,
    }
}

impl<F: Future> Future for Scoped<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().inner.poll(cx)
    }
}

impl<F: Future> std::fmt::Debug for Scoped<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scoped").finish_non_exhaustive()
    }
}

/// Runs `future` with `nonce` and `csrf_token` current: [`CspNonce::current`] and
/// [`CsrfToken::current`] return them while it runs (and `None` for a `None`), whichever
/// thread polls it. What the layers do around the handler; use it for a framework they do
/// not cover.
pub fn scope<F: Future>(
    nonce: Option<CspNonce>,
    csrf_token: Option<CsrfToken>,
    future: F,
) -> Scoped<F> {
    Scoped {
        inner: CURRENT.scope(Current { nonce, csrf_token }, future),
    }
}

/// Calls `render` with `nonce` and `csrf_token` current: for rendering moved off the
/// request's task (`spawn_blocking`), with the values read before the move.
pub fn sync_scope<R>(
    nonce: Option<CspNonce>,
    csrf_token: Option<CsrfToken>,
    render: impl FnOnce() -> R,
) -> R {
    CURRENT.sync_scope(Current { nonce, csrf_token }, render)
}

impl CspNonce {
    /// The nonce of the request being handled, when its handling runs inside
    /// [`scope`] (which the `CurrentNonce` layers enter) and its policy asks for a nonce;
    /// `None` otherwise.
    #[cfg_attr(docsrs, doc(cfg(feature = "current")))]
    pub fn current() -> Option<CspNonce> {
        CURRENT
            .try_with(|current| current.nonce.clone())
            .ok()
            .flatten()
    }
}

impl CsrfToken {
    /// The CSRF token of the request being handled, when its handling runs inside
    /// [`scope`] (which the `CurrentNonce` layers enter) and CSRF tokens are on; `None`
    /// otherwise.
    #[cfg_attr(docsrs, doc(cfg(feature = "current")))]
    pub fn current() -> Option<CsrfToken> {
        CURRENT
            .try_with(|current| current.csrf_token.clone())
            .ok()
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csrf::{CsrfKey, CsrfKeys};

    fn token() -> CsrfToken {
        CsrfKeys::new(CsrfKey::from_bytes(&[7; 32]).unwrap())
            .new_cookie_value()
            .0
            .mask()
    }

    #[test]
    fn nothing_is_current_outside_a_scope() {
        assert_eq!(CspNonce::current(), None);
        assert_eq!(CsrfToken::current(), None);
    }

    #[test]
    fn a_scope_sets_both_values_and_restores_the_outer_ones() {
        let (outer, inner) = (CspNonce::generate(), CspNonce::generate());
        let token = token();
        sync_scope(Some(outer.clone()), Some(token.clone()), || {
            assert_eq!(CspNonce::current(), Some(outer.clone()));
            assert_eq!(CsrfToken::current(), Some(token.clone()));
            sync_scope(Some(inner.clone()), None, || {
                assert_eq!(CspNonce::current(), Some(inner.clone()));
                assert_eq!(CsrfToken::current(), None);
            });
            assert_eq!(CspNonce::current(), Some(outer.clone()));
        });
        assert_eq!(CspNonce::current(), None);
    }

    #[test]
    fn a_future_sees_its_own_values_across_await_points() {
        let nonce = CspNonce::generate();
        let seen = tokio_test::block_on(scope(Some(nonce.clone()), None, async {
            let before = CspNonce::current();
            tokio::task::yield_now().await;
            (before, CspNonce::current())
        }));
        assert_eq!(seen, (Some(nonce.clone()), Some(nonce)));
    }
}

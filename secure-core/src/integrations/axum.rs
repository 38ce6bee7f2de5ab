//! axum extractors.

use crate::CspNonce;
use axum_core::extract::FromRequestParts;
use http::StatusCode;
use http::request::Parts;

/// Extracts the nonce of this response, for templates: `<script nonce="{nonce}">`.
///
/// Fails with 500 when the route is not behind a `SecurityHeadersLayer` whose policy asks
/// for `nonce`: a page rendered without the header's nonce would have its scripts blocked.
impl<S: Send + Sync> FromRequestParts<S> for CspNonce {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<CspNonce>().cloned().ok_or((
            StatusCode::INTERNAL_SERVER_ERROR,
            "no CSP nonce for this request: put the route behind a SecurityHeadersLayer whose policy uses `nonce`",
        ))
    }
}

/// Extracts the CSRF token of this response, for a form's hidden `csrf_token` field or a
/// `<meta>` tag read by JavaScript.
///
/// Fails with 500 when the route is not behind a `CsrfLayer` with tokens on.
impl<S: Send + Sync> FromRequestParts<S> for crate::csrf::CsrfToken {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Self>().cloned().ok_or((
            StatusCode::INTERNAL_SERVER_ERROR,
            "no CSRF token for this request: put the route behind a CsrfLayer with tokens",
        ))
    }
}

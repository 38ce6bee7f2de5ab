//! What the engine tests share: the headers with a nonce, a page fetched through an axum
//! application, and the nonce read back from the header and from the page.

#![allow(dead_code)] // each test binary uses its own part of this module

use axum::Router;
use axum::body::Body;
use http_body_util::BodyExt;
use secure_http::{SecurityHeaders, csp};
use tower::ServiceExt;

/// The policy the pages are served with: scripts run only with the response's nonce.
pub fn headers() -> SecurityHeaders {
    SecurityHeaders::new().content_security_policy(csp! {
        default-src: self,
        script-src: nonce strict-dynamic,
    })
}

/// One response: the nonce of its Content-Security-Policy and its body.
pub struct Page {
    pub header_nonce: String,
    pub body: String,
}

/// `GET /` through `app` with tower's `oneshot`.
pub async fn get(app: Router) -> Page {
    let request = http::Request::get("/")
        .header("host", "app.example")
        .body(Body::empty())
        .expect("a valid request");
    let response = app.oneshot(request).await.expect("axum is infallible");
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    Page {
        header_nonce: nonce_in_header(&csp),
        body: String::from_utf8(body.to_vec()).expect("UTF-8"),
    }
}

/// The nonce of `'nonce-…'` in a policy, checked to be the 24 base64 characters the
/// library sends.
pub fn nonce_in_header(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    let nonce = csp[start..].split('\'').next().expect("a closing quote");
    assert_eq!(nonce.len(), 24, "{csp}");
    assert!(
        nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
        "{csp}"
    );
    nonce.to_owned()
}

/// The text of the page's `nonce="…"` attributes, as written (escaped or not).
pub fn nonce_attributes(body: &str) -> Vec<&str> {
    body.split("nonce=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().expect("a closing quote"))
        .collect()
}

/// An attribute value as a browser reads it: the character references the engines write
/// for the base64 alphabet (`/` as `&#x2f;` or `&#x2F;`) turned back into characters.
pub fn as_browser_reads(attribute: &str) -> String {
    let text = attribute.replace("&#x2f;", "/").replace("&#x2F;", "/");
    assert!(
        !text.contains('&'),
        "another character reference: {attribute}"
    );
    text
}

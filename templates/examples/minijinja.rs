//! The demo's core page rendered by minijinja through the task-local: the templates call
//! `csp_nonce()` and `csrf_token()`, and the handlers pass them nothing.
//!
//! `cargo run -p secure-http-templates --example minijinja` serves it on
//! http://127.0.0.1:3000/ (PORT to change): a nonce'd script, the report endpoint at
//! `/csp-report`, and a form posting to `/submit` with its CSRF token.

use axum::{Router, extract::State, http::StatusCode, response::Html, routing::get};
use minijinja::{Environment, Error, ErrorKind, context};
use secure_http::csrf::{CsrfProtection, CsrfToken};
use secure_http::integrations::tower::{CsrfLayer, CurrentNonceLayer, SecurityHeadersLayer};
use secure_http::{CspNonce, SecurityHeaders, csp};
use std::sync::Arc;

const PAGE: &str = r#"<!doctype html>
<title>secure-http and minijinja</title>
<p id=status>The nonce'd script did not run.</p>
<script nonce="{{ csp_nonce() }}">document.getElementById("status").textContent = "The nonce'd script ran, with the nonce " + document.currentScript.nonce;</script>
<script>document.body.append("This script has no nonce: it must not run.")</script>
<form method=post action=/submit>
  <input type=hidden name=csrf_token value="{{ csrf_token() }}">
  <button>Post with the token</button>
</form>
"#;

fn missing(what: &str) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("no {what}: is CurrentNonceLayer inside the other layers?"),
    )
}

fn templates() -> Result<Environment<'static>, Error> {
    let mut templates = Environment::new();
    templates.add_function("csp_nonce", || {
        CspNonce::current()
            .map(|nonce| nonce.to_string())
            .ok_or_else(|| missing("CSP nonce"))
    });
    templates.add_function("csrf_token", || {
        CsrfToken::current()
            .map(|token| token.to_string())
            .ok_or_else(|| missing("CSRF token"))
    });
    templates.add_template("page.html", PAGE)?;
    Ok(templates)
}

async fn page(
    State(templates): State<Arc<Environment<'static>>>,
) -> Result<Html<String>, StatusCode> {
    let page = templates
        .get_template("page.html")
        .and_then(|page| page.render(context! {}));
    Ok(Html(page.map_err(|error| {
        eprintln!("{error}");
        StatusCode::INTERNAL_SERVER_ERROR
    })?))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let headers = SecurityHeaders::new().content_security_policy(csp! {
        ..library-default,
        script-src: nonce strict-dynamic,
    });
    let app = Router::new()
        .route("/", get(page))
        .route("/submit", axum::routing::post(|| async { "posted" }))
        .with_state(Arc::new(templates()?))
        .layer(CurrentNonceLayer::new())
        .layer(CsrfLayer::new(
            CsrfProtection::new().tokens_with_generated_key(),
        ))
        .layer(SecurityHeadersLayer::new(headers));
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".into());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

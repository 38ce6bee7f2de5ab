//! The demo's core in salvo: `cargo run --example salvo --features salvo`, then open
//! http://127.0.0.1:3000/ (`PORT` changes the port).
//!
//! The page runs an inline script that carries the response's nonce and tries one that does
//! not (the browser blocks it and posts a report to `/csp-report`, which is logged); its form
//! posts to `/submit` with the CSRF token. `curl -si -H 'Host: app.example.com'
//! http://127.0.0.1:3000/` shows the production headers; a forged post,
//! `curl -si -X POST -H 'Sec-Fetch-Site: cross-site' -H 'Origin: https://evil.example'
//! http://127.0.0.1:3000/submit`, gets 403.

use salvo_core::conn::TcpListener;
use salvo_core::http::StatusError;
use salvo_core::writing::Text;
use salvo_core::{Depot, Listener, Request, Router, Server, Service, handler};
use secure_http::csrf::CsrfProtection;
use secure_http::integrations::salvo::{SecureDepot, SecureHoop};
use secure_http::pipeline::Pipeline;
use secure_http::report::ReportEndpoint;
use secure_http::{SecurityHeaders, csp};

#[handler]
fn page(depot: &mut Depot) -> Result<Text<String>, StatusError> {
    // Both are there behind the hoop; without them the page would not work: say so.
    let (Some(nonce), Some(token)) = (depot.csp_nonce(), depot.csrf_token()) else {
        return Err(StatusError::internal_server_error().brief("no nonce or CSRF token"));
    };
    Ok(Text::Html(format!(
        r#"<!doctype html><title>secure-http + salvo</title>
<p id="greeting">The nonce'd script did not run.</p>
<script nonce="{nonce}">document.getElementById('greeting').textContent = "The nonce'd script ran.";</script>
<script>document.title = 'this script has no nonce: blocked, and reported';</script>
<form method="post" action="/submit">
  <input type="hidden" name="csrf_token" value="{token}">
  <input name="note" value="hello"> <button>Post with the token</button>
</form>"#
    )))
}

#[handler]
async fn submit(req: &mut Request) -> String {
    let note: String = req.form("note").await.unwrap_or_default();
    format!("accepted: {note:?}")
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().init();
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let headers = SecurityHeaders::new()
        .content_security_policy(csp! {
            default-src: none,
            script-src: nonce strict-dynamic,
            style-src: self,
            form-action: self,
            base-uri: none,
            object-src: none,
            frame-ancestors: none,
        })
        // A development server: on loopback hosts no HSTS (`Host: app.example.com` gets it).
        .development_on_loopback(true);
    let pipeline = Pipeline::new(headers)
        .report_endpoint(ReportEndpoint::default().on_violation(|v| println!("report: {v}")))
        .csrf(CsrfProtection::new().tokens_with_generated_key());
    let router = Router::new()
        .get(page)
        .push(Router::with_path("submit").post(submit));
    // On the service, not the router: salvo runs a router's hoops only on the routes it
    // matches, and 404s and the report endpoint need the hoop too.
    let service = Service::new(router).hoop(SecureHoop::new(pipeline));
    println!("salvo example listening on http://127.0.0.1:{port}/");
    let acceptor = TcpListener::new(("127.0.0.1", port)).bind().await;
    Server::new(acceptor).serve(service).await;
}

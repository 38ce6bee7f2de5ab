//! The demo's core in rocket: `cargo run --example rocket --features rocket`, then open
//! http://127.0.0.1:3000/ (`PORT` changes the port).
//!
//! The page runs an inline script that carries the response's nonce and tries one that does
//! not (the browser blocks it and posts a report to `/csp-report`, which is logged); its form
//! posts to `/submit` with the CSRF token. `curl -si -H 'Host: app.example.com'
//! http://127.0.0.1:3000/` shows the production headers; a forged post,
//! `curl -si -X POST -H 'Sec-Fetch-Site: cross-site' -H 'Origin: https://evil.example'
//! http://127.0.0.1:3000/submit`, gets 403.

use rocket::form::Form;
use rocket::response::content::RawHtml;
use secure_http::csrf::{CsrfProtection, CsrfToken};
use secure_http::integrations::rocket::SecureFairing;
use secure_http::pipeline::Pipeline;
use secure_http::report::ReportEndpoint;
use secure_http::{CspNonce, SecurityHeaders, csp};

#[rocket::get("/")]
fn page(nonce: CspNonce, token: CsrfToken) -> RawHtml<String> {
    RawHtml(format!(
        r#"<!doctype html><title>secure-http + rocket</title>
<p id="greeting">The nonce'd script did not run.</p>
<script nonce="{nonce}">document.getElementById('greeting').textContent = "The nonce'd script ran.";</script>
<script>document.title = 'this script has no nonce: blocked, and reported';</script>
<form method="post" action="/submit">
  <input type="hidden" name="csrf_token" value="{token}">
  <input name="note" value="hello"> <button>Post with the token</button>
</form>"#
    ))
}

#[derive(rocket::FromForm)]
struct Submitted {
    note: Option<String>,
}

#[rocket::post("/submit", data = "<form>")]
fn submit(form: Form<Submitted>) -> String {
    format!("accepted: {:?}", form.note.as_deref().unwrap_or(""))
}

#[rocket::launch]
fn rocket() -> _ {
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
    println!("rocket example listening on http://127.0.0.1:{port}/");
    rocket::custom(
        rocket::Config::figment()
            .merge(("address", "127.0.0.1"))
            .merge(("port", port)),
    )
    .mount("/", rocket::routes![page, submit])
    .attach(SecureFairing::new(pipeline))
}

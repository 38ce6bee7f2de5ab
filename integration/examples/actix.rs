//! The security headers in actix-web: `cargo run -p secure-http-integration --example actix`, then
//! `curl -si http://127.0.0.1:3001/` (`PORT` changes the port).

use actix_web::{App, HttpResponse, HttpServer, web};
use secure_http::integrations::actix::SecureHeaders;
use secure_http::{CspNonce, SecurityHeaders, csp};

async fn page(nonce: CspNonce) -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(format!(
        "<!doctype html><title>secure-http + actix-web</title>\
         <p id=greeting>The nonce'd script did not run.</p>\
         <script nonce=\"{nonce}\">document.getElementById('greeting').textContent = 'The nonce\\'d script ran.';</script>"
    ))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3001);
    let headers = SecurityHeaders::new().content_security_policy(csp! {
        default-src: none,
        script-src: nonce strict-dynamic,
        base-uri: none,
        object-src: none,
        frame-ancestors: none,
    });
    let server = HttpServer::new(move || {
        App::new()
            .wrap(SecureHeaders::new(headers.clone()))
            .route("/", web::get().to(page))
    })
    .bind(("127.0.0.1", port))?;
    println!("actix-web example listening on http://127.0.0.1:{port}/");
    server.run().await
}

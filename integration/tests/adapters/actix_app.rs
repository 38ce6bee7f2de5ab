//! The application with the actix-web middlewares.

use super::spec;
use actix_web::{App, HttpResponse, HttpServer, web};
use secure_http::CspNonce;
use secure_http::csrf::CsrfToken;
use secure_http::integrations::actix::{AllowedHosts, Csrf, HttpsRedirect, SecureHeaders};
use std::collections::HashMap;
use std::net::SocketAddr;

async fn page(nonce: CspNonce, token: CsrfToken) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(spec::page(nonce.as_str(), token.as_str()))
}

async fn boom() -> HttpResponse {
    HttpResponse::InternalServerError().body("boom")
}

async fn submit(form: web::Form<HashMap<String, String>>) -> String {
    spec::submitted(form.get("note").map_or("", String::as_str))
}

pub fn spawn() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(|| {
                App::new()
                    .route("/", web::get().to(page))
                    .route("/boom", web::get().to(boom))
                    .route("/submit", web::post().to(submit))
                    .wrap(Csrf::new(spec::csrf()))
                    .wrap(HttpsRedirect::new(spec::redirect()))
                    .wrap(AllowedHosts::new(spec::hosts()))
                    .wrap(SecureHeaders::new(spec::headers()).report_endpoint(spec::reports()))
            })
            .workers(1)
            .listen(listener)
            .expect("listen")
            .run()
            .await
            .expect("serve");
        });
    });
    addr
}

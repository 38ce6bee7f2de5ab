//! The application with the tower layers, served by axum.

use super::spec;
use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::{get, post};
use axum::{Form, Router};
use secure_http::CspNonce;
use secure_http::csrf::CsrfToken;
use secure_http::integrations::tower::{
    AllowedHostsLayer, CsrfLayer, HttpsRedirectLayer, SecurityHeadersLayer,
};
use std::collections::HashMap;
use std::net::SocketAddr;

async fn page(nonce: CspNonce, token: CsrfToken) -> Html<String> {
    Html(spec::page(nonce.as_str(), token.as_str()))
}

async fn boom() -> (StatusCode, &'static str) {
    (StatusCode::INTERNAL_SERVER_ERROR, "boom")
}

async fn submit(Form(form): Form<HashMap<String, String>>) -> String {
    spec::submitted(form.get("note").map_or("", String::as_str))
}

pub fn spawn() -> SocketAddr {
    let app = Router::new()
        .route("/", get(page))
        .route("/boom", get(boom))
        .route("/submit", post(submit))
        .layer(CsrfLayer::new(spec::csrf()))
        .layer(
            HttpsRedirectLayer::new(spec::redirect())
                .peer_ip(|ext| ext.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip())),
        )
        .layer(AllowedHostsLayer::new(spec::hosts()))
        .layer(SecurityHeadersLayer::new(spec::headers()).report_endpoint(spec::reports()));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            axum::serve(listener, service).await.expect("serve");
        });
    });
    addr
}

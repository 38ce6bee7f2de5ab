//! The application with the poem middleware.

use super::spec;
use poem::http::StatusCode;
use poem::listener::TcpListener;
use poem::web::{Form, Html};
use poem::{EndpointExt, Route, Server, get, handler, post};
use secure_http::CspNonce;
use secure_http::csrf::CsrfToken;
use secure_http::integrations::poem::SecureMiddleware;
use std::collections::HashMap;
use std::net::SocketAddr;

#[handler]
fn page(nonce: CspNonce, token: CsrfToken) -> Html<String> {
    Html(spec::page(nonce.as_str(), token.as_str()))
}

#[handler]
fn boom() -> (StatusCode, &'static str) {
    (StatusCode::INTERNAL_SERVER_ERROR, "boom")
}

#[handler]
fn submit(Form(form): Form<HashMap<String, String>>) -> String {
    spec::submitted(form.get("note").map_or("", String::as_str))
}

pub fn spawn() -> SocketAddr {
    let app = Route::new()
        .at("/", get(page))
        .at("/boom", get(boom))
        .at("/submit", post(submit))
        .with(SecureMiddleware::new(spec::pipeline()));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async move {
            Server::new(TcpListener::bind(addr))
                .run(app)
                .await
                .expect("serve");
        });
    });
    // The server binds on its own thread: wait until it accepts.
    for _ in 0..200 {
        if std::net::TcpStream::connect(addr).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    addr
}

//! The core API on a plain hyper server, without any integration feature: the handler
//! applies `SecurityHeaders` to its `http::Response` itself.
//! `cargo run --example hyper`, then `curl -si http://127.0.0.1:3002/` (`PORT` changes the port).

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use secure_http::{CspNonce, SecurityHeaders, csp, hsts};
use std::convert::Infallible;
use std::sync::{Arc, LazyLock};

static HEADERS: LazyLock<SecurityHeaders> = LazyLock::new(|| {
    SecurityHeaders::new()
        .content_security_policy(csp! { default-src: none, script-src: nonce, base-uri: none })
        .strict_transport_security(hsts! { max-age: 180d, include-subdomains, preload: false })
});

async fn handle(_request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let nonce = CspNonce::generate();
    let mut response = Response::new(Full::new(Bytes::from(format!(
        "<!doctype html><title>secure-http + hyper</title><script nonce=\"{nonce}\">console.log('allowed')</script>"
    ))));
    HEADERS.apply_to_response(&mut response, Some(&nonce));
    Ok(response)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3002);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("hyper example listening on http://127.0.0.1:{port}/");
    let service = Arc::new(service_fn(handle));
    loop {
        let (stream, _) = listener.accept().await?;
        let service = service.clone();
        tokio::spawn(async move {
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service.as_ref())
                .await
            {
                eprintln!("connection error: {error}");
            }
        });
    }
}

//! A plain hyper server on `secure-http` without any feature: the handler applies
//! `SecurityHeaders` to its `http::Response` itself. `cargo run -p hyper-app` checks one
//! response; `cargo run -p hyper-app -- serve` serves on 127.0.0.1 (`PORT`, 3002 by default).

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use secure_http::{CspNonce, SecurityHeaders, csp, hsts};
use std::convert::Infallible;
use std::sync::LazyLock;

static HEADERS: LazyLock<SecurityHeaders> = LazyLock::new(|| {
    SecurityHeaders::new()
        .content_security_policy(csp! { default-src: none, script-src: nonce, base-uri: none })
        .strict_transport_security(hsts! { max-age: 180d, include-subdomains, preload: false })
});

async fn handle<B>(_request: Request<B>) -> Result<Response<Full<Bytes>>, Infallible> {
    let nonce = CspNonce::generate();
    let mut response = Response::new(Full::new(Bytes::from(format!(
        "<!doctype html><script nonce=\"{nonce}\">console.log('allowed')</script>"
    ))));
    HEADERS.apply_to_response(&mut response, Some(&nonce));
    Ok(response)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    if std::env::args().nth(1).as_deref() != Some("serve") {
        let response = handle(Request::new(())).await.unwrap_or_else(|e| match e {});
        let csp = response.headers()["content-security-policy"].to_str().unwrap_or("");
        assert!(csp.starts_with("default-src 'none'; script-src 'nonce-"), "{csp}");
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=15552000; includeSubDomains"
        );
        println!("hyper-app: {csp}");
        return Ok(());
    }
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3002);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("hyper-app listening on http://127.0.0.1:{port}/");
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let served = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service_fn(handle))
                .await;
            if let Err(error) = served {
                eprintln!("connection error: {error}");
            }
        });
    }
}

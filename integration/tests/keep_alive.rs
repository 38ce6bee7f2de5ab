//! Refusals and slow bodies on real keep-alive connections, through tower (axum) and actix-web.
//!
//! A refusal answered before the request body was read ends the connection: the server cannot
//! find where the next request starts. Without `Connection: close` a keep-alive client sends
//! its next request on that connection and it fails (a load test lost 14 % of its requests
//! this way). A body sent one byte at a time must not hold a connection and its buffer for as
//! long as the client likes.

use actix_web::{App, HttpServer, web};
use axum::Router;
use axum::routing::get;
use secure_http::SecurityHeaders;
use secure_http::csrf::{CsrfKey, CsrfKeys, CsrfProtection};
use secure_http::integrations::{actix, tower as secure_tower};
use secure_http::report::ReportEndpoint;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const FORM_TIMEOUT: Duration = Duration::from_millis(300);

/// The report endpoint at `/csp-report`, with the same short deadline.
fn reports() -> ReportEndpoint {
    ReportEndpoint::default().with_body_timeout(FORM_TIMEOUT)
}

fn protection() -> CsrfProtection {
    CsrfProtection::new()
        .tokens(CsrfKeys::new(CsrfKey::from_bytes(&[7; 32]).unwrap()))
        .form_timeout(FORM_TIMEOUT)
}

async fn tower_server() -> SocketAddr {
    let app = Router::new()
        .route("/", get(|| async { "ok" }).post(|| async { "posted" }))
        .layer(secure_tower::CsrfLayer::new(protection()))
        .layer(
            secure_tower::SecurityHeadersLayer::new(SecurityHeaders::new())
                .report_endpoint(reports()),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn actix_server() -> SocketAddr {
    let server = HttpServer::new(|| {
        App::new()
            .wrap(actix::Csrf::new(protection()))
            .wrap(actix::SecureHeaders::new(SecurityHeaders::new()).report_endpoint(reports()))
            .route("/", web::route().to(|| async { "ok" }))
    })
    .workers(1)
    .disable_signals()
    .bind(("127.0.0.1", 0))
    .unwrap();
    let addr = server.addrs()[0];
    actix_web::rt::spawn(server.run());
    addr
}

/// Writes `request`, then reads until the server closes the connection or 5 s pass: what was
/// read, and whether the server closed.
async fn exchange(addr: SocketAddr, request: &[u8]) -> (String, bool) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut read = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        let mut buffer = [0; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => read.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await
    .is_ok();
    (String::from_utf8_lossy(&read).into_owned(), closed)
}

fn responses(text: &str) -> Vec<&str> {
    text.split("HTTP/1.1 ").filter(|r| !r.is_empty()).collect()
}

fn has_connection_close(response: &str) -> bool {
    response
        .to_ascii_lowercase()
        .lines()
        .any(|line| line.trim() == "connection: close")
}

const REFUSED_WITH_BODY: &[u8] = b"POST / HTTP/1.1\r\nHost: app.example\r\nSec-Fetch-Site: cross-site\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world";
const REFUSED_WITHOUT_BODY: &[u8] =
    b"POST / HTTP/1.1\r\nHost: app.example\r\nSec-Fetch-Site: cross-site\r\nContent-Length: 0\r\n\r\n";
const NEXT: &[u8] = b"GET / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n";
/// A form whose 100 bytes never come: one is sent, then nothing.
const SLOW_FORM: &[u8] = b"POST / HTTP/1.1\r\nHost: app.example\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nc";

/// A report whose 200 bytes never come: one is sent, then nothing.
const SLOW_REPORT: &[u8] = b"POST /csp-report HTTP/1.1\r\nHost: app.example\r\nContent-Type: application/csp-report\r\nContent-Length: 200\r\n\r\n{";
/// A report announcing more than the body limit: refused before reading.
const HUGE_REPORT: &[u8] = b"POST /csp-report HTTP/1.1\r\nHost: app.example\r\nContent-Type: application/csp-report\r\nContent-Length: 1000000\r\n\r\n{}";
/// Another method with a body: 405 before reading.
const PUT_REPORT: &[u8] = b"PUT /csp-report HTTP/1.1\r\nHost: app.example\r\nContent-Type: application/csp-report\r\nContent-Length: 2\r\n\r\n{}";
/// Another method without a body: 405, and the connection stays usable.
const GET_REPORT: &[u8] = b"GET /csp-report HTTP/1.1\r\nHost: app.example\r\n\r\n";

async fn check(addr: SocketAddr, framework: &str) {
    // Refused with its body unread: `Connection: close`, and the connection ends there.
    let (text, closed) = exchange(addr, REFUSED_WITH_BODY).await;
    let answers = responses(&text);
    assert!(closed, "{framework}: {text}");
    assert_eq!(answers.len(), 1, "{framework}: {text}");
    assert!(answers[0].starts_with("403"), "{framework}: {text}");
    assert!(has_connection_close(answers[0]), "{framework}: {text}");

    // Refused without a body: the connection stays usable for the next request.
    let (text, _) = exchange(addr, &[REFUSED_WITHOUT_BODY, NEXT].concat()).await;
    let answers = responses(&text);
    assert_eq!(answers.len(), 2, "{framework}: {text}");
    assert!(answers[0].starts_with("403"), "{framework}: {text}");
    assert!(!has_connection_close(answers[0]), "{framework}: {text}");
    assert!(answers[1].starts_with("200"), "{framework}: {text}");

    // A body that does not come: 408 when the deadline passes, and the connection closed.
    let started = Instant::now();
    let (text, closed) = exchange(addr, SLOW_FORM).await;
    let waited = started.elapsed();
    assert!(closed, "{framework}: {text}");
    assert!(text.starts_with("HTTP/1.1 408"), "{framework}: {text}");
    assert!(has_connection_close(&text), "{framework}: {text}");
    assert!(
        text.ends_with("request body timeout"),
        "{framework}: {text}"
    );
    assert!(
        waited >= FORM_TIMEOUT && waited < Duration::from_secs(4),
        "{framework}: answered after {waited:?}"
    );

    // The report endpoint: a slow body times out, answers made before reading close.
    let started = Instant::now();
    let (text, closed) = exchange(addr, SLOW_REPORT).await;
    assert!(closed, "{framework}: {text}");
    assert!(text.starts_with("HTTP/1.1 408"), "{framework}: {text}");
    assert!(has_connection_close(&text), "{framework}: {text}");
    assert!(started.elapsed() < Duration::from_secs(4), "{framework}");
    for (request, status) in [(HUGE_REPORT, "413"), (PUT_REPORT, "405")] {
        let (text, closed) = exchange(addr, request).await;
        assert!(closed, "{framework}: {text}");
        assert!(
            text.starts_with(&format!("HTTP/1.1 {status}")),
            "{framework}: {text}"
        );
        assert!(has_connection_close(&text), "{framework}: {text}");
    }
    let (text, _) = exchange(addr, &[GET_REPORT, NEXT].concat()).await;
    let answers = responses(&text);
    assert_eq!(answers.len(), 2, "{framework}: {text}");
    assert!(answers[0].starts_with("405"), "{framework}: {text}");
    assert!(!has_connection_close(answers[0]), "{framework}: {text}");
}

#[tokio::test]
async fn tower_closes_after_refusing_an_unread_body_and_times_out_slow_forms() {
    check(tower_server().await, "tower").await;
}

#[actix_web::test]
async fn actix_closes_after_refusing_an_unread_body_and_times_out_slow_forms() {
    check(actix_server(), "actix").await;
}

/// The transport rules answer before reading too: a redirected or refused post with a body
/// closes its connection, a bodiless request keeps it.
#[tokio::test]
async fn tower_transport_answers_close_when_they_leave_a_body() {
    use secure_http::transport::{AllowedHosts, HttpsRedirect};
    use tower::ServiceExt;
    let app = Router::new()
        .route("/", get(|| async { "ok" }))
        .layer(secure_tower::HttpsRedirectLayer::new(HttpsRedirect::new()))
        .layer(secure_tower::AllowedHostsLayer::new(
            AllowedHosts::new(["app.example"]).unwrap(),
        ));
    for (host, status) in [("app.example", 308), ("evil.example", 400)] {
        for (body, close) in [("hello", true), ("", false)] {
            let request = http::Request::post("/")
                .header("host", host)
                .body(axum::body::Body::from(body))
                .unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), status, "{host} {body:?}");
            let connection = response.headers().get("connection");
            assert_eq!(
                connection.is_some_and(|v| v == "close"),
                close,
                "{host} {body:?}"
            );
        }
    }
}

#[actix_web::test]
async fn actix_transport_answers_close_when_they_leave_a_body() {
    use actix_web::test;
    use secure_http::transport::{AllowedHosts, HttpsRedirect};
    let app = test::init_service(
        App::new()
            .wrap(actix::HttpsRedirect::new(HttpsRedirect::new()))
            .wrap(actix::AllowedHosts::new(
                AllowedHosts::new(["app.example"]).unwrap(),
            ))
            .route("/", web::route().to(|| async { "ok" })),
    )
    .await;
    for (host, status) in [("app.example", 308), ("evil.example", 400)] {
        for (body, close) in [("hello", true), ("", false)] {
            let request = test::TestRequest::post()
                .uri("/")
                .insert_header(("host", host))
                .set_payload(body)
                .to_request();
            let response = test::call_service(&app, request).await;
            assert_eq!(response.status().as_u16(), status, "{host} {body:?}");
            let kind = response.response().head().connection_type();
            assert_eq!(
                kind == actix_web::http::ConnectionType::Close,
                close,
                "{host} {body:?}"
            );
        }
    }
}

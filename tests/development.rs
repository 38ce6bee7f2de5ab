//! Development responses (no HSTS, no `upgrade-insecure-requests`) only when the application
//! asks for them, through the tower layer; the same cases through actix-web are in
//! `integration/tests/development.rs`.

use axum::Router;
use axum::routing::get;
use http::{Request, StatusCode};
use secure_http::SecurityHeaders;
use secure_http::csrf::CsrfProtection;
use secure_http::integrations::tower::{AllowedHostsLayer, CsrfLayer, SecurityHeadersLayer};
use secure_http::transport::AllowedHosts;
use tower::ServiceExt;

const HSTS: &str = "max-age=31536000; includeSubDomains; preload";

fn app(headers: SecurityHeaders) -> Router {
    Router::new()
        .route("/", get(|| async { "hello" }).post(|| async { "posted" }))
        .layer(SecurityHeadersLayer::new(headers))
}

async fn hsts_for(app: &Router, hosts: &[&str]) -> Option<String> {
    let mut request = Request::get("/");
    for host in hosts {
        request = request.header("host", *host);
    }
    let response = app
        .clone()
        .oneshot(request.body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    let hsts = response.headers().get("strict-transport-security");
    hsts.map(|v| v.to_str().unwrap().to_owned())
}

/// nginx's default `proxy_pass http://127.0.0.1:3000` forwards `Host: 127.0.0.1:3000`, and
/// any client can send `Host: localhost`: neither may take HSTS off a production response.
#[tokio::test]
async fn a_loopback_host_does_not_turn_hsts_off_by_default() {
    for headers in [SecurityHeaders::new(), SecurityHeaders::strict()] {
        let app = app(headers);
        for host in [
            "127.0.0.1:3000",
            "localhost",
            "dev.localhost:8080",
            "[::1]:3000",
        ] {
            assert_eq!(
                hsts_for(&app, &[host]).await.as_deref(),
                Some(HSTS),
                "{host}"
            );
        }
    }
}

#[tokio::test]
async fn development_responses_only_when_asked_for() {
    let local = app(SecurityHeaders::new().development_on_loopback(true));
    assert_eq!(hsts_for(&local, &["127.0.0.1:3000"]).await, None);
    assert_eq!(
        hsts_for(&local, &["app.example"]).await.as_deref(),
        Some(HSTS)
    );
    let always = app(SecurityHeaders::new().development(true));
    assert_eq!(hsts_for(&always, &["app.example"]).await, None);
}

/// Two `Host` headers: the headers layer must read them as the transport rules do (no
/// valid host), not take the first one and make a development response of it.
#[tokio::test]
async fn two_host_headers_are_no_host_for_every_layer() {
    let local = app(SecurityHeaders::new().development_on_loopback(true));
    for hosts in [["localhost", "app.example"], ["app.example", "localhost"]] {
        assert_eq!(
            hsts_for(&local, &hosts).await.as_deref(),
            Some(HSTS),
            "{hosts:?}"
        );
    }

    let allowed =
        Router::new()
            .route("/", get(|| async { "hello" }))
            .layer(AllowedHostsLayer::new(
                AllowedHosts::new(["app.example"]).unwrap(),
            ));
    let request = Request::get("/")
        .header("host", "app.example")
        .header("host", "evil.example")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = allowed.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    // Without Fetch Metadata, CSRF compares Origin with the host: two Hosts match nothing,
    // whichever one the Origin names.
    let csrf = Router::new()
        .route("/", get(|| async { "hello" }).post(|| async { "posted" }))
        .layer(CsrfLayer::new(CsrfProtection::new()));
    for first in ["app.example", "evil.example"] {
        let request = Request::post("/")
            .header("host", first)
            .header(
                "host",
                if first == "app.example" {
                    "evil.example"
                } else {
                    "app.example"
                },
            )
            .header("origin", "http://app.example")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = csrf.clone().oneshot(request).await.unwrap();
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "first Host {first}"
        );
    }
    let request = Request::post("/")
        .header("host", "app.example")
        .header("origin", "http://app.example")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(
        csrf.oneshot(request).await.unwrap().status(),
        StatusCode::OK
    );
}

#[path = "../secure-core/src/test_log.rs"]
mod test_log;
use test_log::Captured;

fn start_up_log(headers: SecurityHeaders) -> String {
    Captured::during(|| {
        let _layer = SecurityHeadersLayer::new(headers);
    })
}

#[test]
fn development_mode_is_said_once_at_start_up() {
    let log = start_up_log(SecurityHeaders::new().development_on_loopback(true));
    assert_eq!(
        log.matches("development mode on loopback hosts").count(),
        1,
        "{log}"
    );
    assert!(
        log.contains(" INFO ") && log.contains("secure_http"),
        "{log}"
    );
    let log = start_up_log(SecurityHeaders::new().development(true));
    assert_eq!(
        log.matches("development mode: every response").count(),
        1,
        "{log}"
    );
    let log = start_up_log(SecurityHeaders::new());
    assert!(!log.contains("development mode"), "{log}");
}

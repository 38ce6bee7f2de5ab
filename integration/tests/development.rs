//! Development responses (no HSTS, no `upgrade-insecure-requests`) only when the application
//! asks for them, through the actix-web middlewares; the tower twin is the facade's
//! `tests/development.rs`.

use actix_web::http::StatusCode;
use actix_web::{App, test, web};
use secure_http::SecurityHeaders;
use secure_http::csrf::CsrfProtection;
use secure_http::integrations::actix::{AllowedHosts, Csrf, SecureHeaders};

const HSTS: &str = "max-age=31536000; includeSubDomains; preload";

async fn hsts_for(headers: SecurityHeaders, hosts: &[&str]) -> Option<String> {
    let app = test::init_service(
        App::new()
            .wrap(SecureHeaders::new(headers))
            .route("/", web::get().to(|| async { "hello" })),
    )
    .await;
    let mut request = test::TestRequest::get().uri("/");
    for host in hosts {
        request = request.append_header(("host", *host));
    }
    let response = test::call_service(&app, request.to_request()).await;
    let hsts = response.headers().get("strict-transport-security");
    hsts.map(|v| v.to_str().unwrap().to_owned())
}

/// nginx's default `proxy_pass http://127.0.0.1:3000` forwards `Host: 127.0.0.1:3000`, and
/// any client can send `Host: localhost`: neither may take HSTS off a production response.
#[actix_web::test]
async fn a_loopback_host_does_not_turn_hsts_off_by_default() {
    for host in [
        "127.0.0.1:3000",
        "localhost",
        "dev.localhost:8080",
        "[::1]:3000",
    ] {
        for headers in [SecurityHeaders::new(), SecurityHeaders::strict()] {
            assert_eq!(
                hsts_for(headers, &[host]).await.as_deref(),
                Some(HSTS),
                "{host}"
            );
        }
    }
}

#[actix_web::test]
async fn development_responses_only_when_asked_for() {
    let local = || SecurityHeaders::new().development_on_loopback(true);
    assert_eq!(hsts_for(local(), &["127.0.0.1:3000"]).await, None);
    assert_eq!(
        hsts_for(local(), &["app.example"]).await.as_deref(),
        Some(HSTS)
    );
    let always = SecurityHeaders::new().development(true);
    assert_eq!(hsts_for(always, &["app.example"]).await, None);
}

/// Two `Host` headers: every middleware reads them as no valid host.
#[actix_web::test]
async fn two_host_headers_are_no_host_for_every_middleware() {
    let local = || SecurityHeaders::new().development_on_loopback(true);
    for hosts in [["localhost", "app.example"], ["app.example", "localhost"]] {
        assert_eq!(
            hsts_for(local(), &hosts).await.as_deref(),
            Some(HSTS),
            "{hosts:?}"
        );
    }

    let allowed = test::init_service(
        App::new()
            .wrap(AllowedHosts::new(
                secure_http::transport::AllowedHosts::new(["app.example"]).unwrap(),
            ))
            .route("/", web::get().to(|| async { "hello" })),
    )
    .await;
    let request = test::TestRequest::get()
        .uri("/")
        .append_header(("host", "app.example"))
        .append_header(("host", "evil.example"))
        .to_request();
    let response = test::call_service(&allowed, request).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let csrf = test::init_service(
        App::new()
            .wrap(Csrf::new(CsrfProtection::new()))
            .route("/", web::post().to(|| async { "posted" })),
    )
    .await;
    for hosts in [
        ["app.example", "evil.example"],
        ["evil.example", "app.example"],
    ] {
        let request = test::TestRequest::post()
            .uri("/")
            .append_header(("host", hosts[0]))
            .append_header(("host", hosts[1]))
            .append_header(("origin", "http://app.example"))
            .to_request();
        let response = test::call_service(&csrf, request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{hosts:?}");
    }
    let request = test::TestRequest::post()
        .uri("/")
        .append_header(("host", "app.example"))
        .append_header(("origin", "http://app.example"))
        .to_request();
    assert_eq!(
        test::call_service(&csrf, request).await.status(),
        StatusCode::OK
    );
}

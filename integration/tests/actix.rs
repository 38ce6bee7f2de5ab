//! The actix-web middleware, driven with `actix_web::test`.

use actix_web::http::StatusCode;
use actix_web::{App, HttpResponse, test, web};
use secure_http::integrations::actix::SecureHeaders;
use secure_http::report::{CspViolation, ReportEndpoint};
use secure_http::{CspNonce, CspOverride, SecurityHeaders, SkipHsts, csp};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

const POLICY: secure_http::ContentSecurityPolicy = csp! { default-src: none, img-src: self };
const HSTS: &str = "max-age=31536000; includeSubDomains; preload";
const REPORT: &str = r#"{"csp-report":{"document-uri":"http://127.0.0.1/","effective-directive":"img-src","blocked-uri":"https://evil.example/x.png"}}"#;

fn header<B>(response: &actix_web::dev::ServiceResponse<B>, name: &str) -> String {
    let value = response.headers().get(name);
    let value = value.unwrap_or_else(|| panic!("no {name} header"));
    value.to_str().unwrap().to_owned()
}

fn middleware(policy: secure_http::ContentSecurityPolicy) -> SecureHeaders {
    SecureHeaders::new(SecurityHeaders::new().content_security_policy(policy))
}

fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/", web::get().to(|| async { "hello" }))
        .route(
            "/error",
            web::get().to(|| async { HttpResponse::InternalServerError().body("boom") }),
        )
        .route(
            "/nonce",
            web::get().to(|nonce: CspNonce| async move { nonce.to_string() }),
        )
        .route(
            "/relaxed",
            web::get().to(|| async {
                let mut response = HttpResponse::Ok().body("relaxed");
                response
                    .extensions_mut()
                    .insert(CspOverride::Replace(csp! { default-src: self }));
                response
            }),
        )
        .route(
            "/no-csp",
            web::get().to(|| async {
                let mut response = HttpResponse::Ok().body("no csp");
                response.extensions_mut().insert(CspOverride::Remove);
                response.extensions_mut().insert(SkipHsts);
                response
            }),
        );
}

/// As through tower: a weak runtime policy refuses the middleware under `enforce_lints`.
#[core::prelude::v1::test]
#[should_panic(
    expected = "invalid security headers: Content-Security-Policy: 1 denied lint finding: `'unsafe-inline'` in `script-src`"
)]
fn enforced_lints_refuse_a_weak_runtime_policy_at_start_up() {
    let from_config = "script-src 'unsafe-inline'; object-src 'none'"
        .parse()
        .unwrap();
    let _ = SecureHeaders::new(
        SecurityHeaders::new()
            .content_security_policy(from_config)
            .enforce_lints(secure_http::csp::lint::LintLevels::new()),
    );
}

#[actix_web::test]
async fn headers_on_200_404_and_500() {
    let app = test::init_service(App::new().wrap(middleware(POLICY)).configure(routes)).await;
    for (path, status) in [
        ("/", StatusCode::OK),
        ("/missing", StatusCode::NOT_FOUND),
        ("/error", StatusCode::INTERNAL_SERVER_ERROR),
    ] {
        let response =
            test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await;
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(
            header(&response, "content-security-policy"),
            "default-src 'none'; img-src 'self'; report-uri /csp-report"
        );
        assert_eq!(header(&response, "strict-transport-security"), HSTS);
    }
}

#[actix_web::test]
async fn handlers_replace_or_drop_their_own_policy() {
    let app = test::init_service(App::new().wrap(middleware(POLICY)).configure(routes)).await;
    let response =
        test::call_service(&app, test::TestRequest::get().uri("/relaxed").to_request()).await;
    assert_eq!(
        header(&response, "content-security-policy"),
        "default-src 'self'"
    );
    assert_eq!(header(&response, "strict-transport-security"), HSTS);
    let response =
        test::call_service(&app, test::TestRequest::get().uri("/no-csp").to_request()).await;
    assert!(response.headers().get("content-security-policy").is_none());
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
}

#[actix_web::test]
async fn nonces_are_unique_and_match_between_header_and_handler() {
    let headers = SecurityHeaders::new()
        .content_security_policy(csp! { default-src: none, script-src: nonce strict-dynamic })
        .content_security_policy_report_only(csp! { script-src: nonce });
    let app = test::init_service(
        App::new()
            .wrap(SecureHeaders::new(headers))
            .configure(routes),
    )
    .await;
    let mut seen = HashSet::new();
    for _ in 0..10_000 {
        let response =
            test::call_service(&app, test::TestRequest::get().uri("/nonce").to_request()).await;
        let csp = header(&response, "content-security-policy");
        let report_only = header(&response, "content-security-policy-report-only");
        let nonce = String::from_utf8(test::read_body(response).await.to_vec()).unwrap();
        assert_eq!(
            csp,
            format!(
                "default-src 'none'; script-src 'nonce-{nonce}' 'strict-dynamic'; report-uri /csp-report"
            )
            .as_str()
        );
        assert_eq!(
            report_only,
            format!("script-src 'nonce-{nonce}'; report-uri /csp-report").as_str()
        );
        assert!(seen.insert(nonce), "a nonce was served twice");
    }
}

#[actix_web::test]
async fn no_nonce_without_a_policy_that_asks_for_one() {
    let app = test::init_service(App::new().wrap(middleware(POLICY)).configure(routes)).await;
    let response =
        test::call_service(&app, test::TestRequest::get().uri("/nonce").to_request()).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!header(&response, "content-security-policy").contains("nonce"));
}

#[actix_web::test]
async fn report_endpoint_answers_every_kind_of_request() {
    let received: Arc<Mutex<Vec<CspViolation>>> = Arc::default();
    let sink = received.clone();
    let endpoint = ReportEndpoint::at("/reports/csp")
        .unwrap()
        .with_body_limit(1024)
        .on_violation(move |v| sink.lock().unwrap().push(v.clone()));
    let app = test::init_service(
        App::new()
            .wrap(middleware(POLICY).report_endpoint(endpoint))
            .configure(routes),
    )
    .await;
    let post = |content_type: &str, body: String| {
        test::TestRequest::post()
            .uri("/reports/csp")
            .insert_header(("content-type", content_type))
            .set_payload(body)
            .to_request()
    };

    let response = test::call_service(&app, post("application/csp-report", REPORT.into())).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&response, "content-security-policy"),
        "default-src 'none'; img-src 'self'; report-uri /reports/csp"
    );

    let response = test::call_service(&app, post("application/csp-report", "{".into())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(test::read_body(response).await, "malformed report");

    let response = test::call_service(&app, post("text/plain", REPORT.into())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let oversized = format!(r#"{{"csp-report":{{"x":"{}"}}}}"#, "a".repeat(2000));
    let response = test::call_service(&app, post("application/csp-report", oversized)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let response = test::call_service(
        &app,
        test::TestRequest::get().uri("/reports/csp").to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&response, "allow"), "POST");
    assert_eq!(header(&response, "strict-transport-security"), HSTS);

    let received = received.lock().unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].blocked_uri.as_deref(),
        Some("https://evil.example/x.png")
    );
}

#[path = "../../secure-core/src/test_log.rs"]
mod test_log;
use test_log::Captured;

/// A report whose `document-uri` holds a line break followed by a forged log line, an ANSI
/// colour sequence and U+202E (right-to-left override); issue 14, item 2.
const FORGING_REPORT: &str = r#"{"csp-report":{"document-uri":"https://app.example/\n2099-01-01T00:00:00.000000Z  WARN secure_http::csp_report: CSP violation: script-src-elem blocked inline on https://app.example/admin \u001b[31mred\u202eevil","effective-directive":"img-src","blocked-uri":"https://x.example/\r\u0085a\\b"}}"#;

fn post_report(content_type: &str, body: String) -> actix_web::test::TestRequest {
    test::TestRequest::post()
        .uri("/csp-report")
        .insert_header(("content-type", content_type))
        .set_payload(body)
}

#[actix_web::test]
async fn report_fields_are_logged_escaped_on_one_line() {
    let received: Arc<Mutex<Vec<CspViolation>>> = Arc::default();
    let sink = received.clone();
    let endpoint =
        ReportEndpoint::default().on_violation(move |v| sink.lock().unwrap().push(v.clone()));
    let (log, _guard) = Captured::start();
    let app = test::init_service(
        App::new()
            .wrap(middleware(POLICY).report_endpoint(endpoint))
            .configure(routes),
    )
    .await;
    let request = post_report("application/csp-report", FORGING_REPORT.into()).to_request();
    let response = test::call_service(&app, request).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let text = log.text();
    let warnings = log.lines("WARN", "secure_http::csp_report");
    assert_eq!(warnings.len(), 1, "{text}");
    // The forged line is inside the real one, never a line of its own.
    assert!(!text.lines().any(|line| line.starts_with("2099")), "{text}");
    let forged = text
        .lines()
        .filter(|line| line.contains("2099-01-01"))
        .count();
    assert_eq!(forged, 1, "{text}");
    for raw in ['\u{1b}', '\u{202e}', '\r', '\u{85}'] {
        assert!(!text.contains(raw), "{raw:?} in the log:\n{text}");
    }
    for escaped in [
        r"document=https://app.example/\n2099-01-01T00:00:00.000000Z  WARN",
        r"\u{1b}[31mred\u{202e}evil",
        r"blocked=https://x.example/\r\u{85}a\\b",
    ] {
        assert!(
            warnings[0].contains(escaped),
            "{escaped} not in {}",
            warnings[0]
        );
    }
    let received = received.lock().unwrap();
    assert_eq!(received.len(), 1);
    assert!(received[0].document_uri.contains("/\n2099-01-01"));
    assert!(
        received[0]
            .document_uri
            .contains("\u{1b}[31mred\u{202e}evil")
    );
}

/// An `application/reports+json` body of `count` CSP violations: the same one `count` times,
/// or each with its own `blockedURL`.
fn reports_batch(count: usize, distinct: bool) -> String {
    let reports: Vec<String> = (0..count)
        .map(|i| {
            if distinct {
                format!(
                    r#"{{"type":"csp-violation","body":{{"effectiveDirective":"img-src","blockedURL":"https://x.example/{i}"}}}}"#
                )
            } else {
                r#"{"type":"csp-violation","body":{"effectiveDirective":"a"}}"#.to_owned()
            }
        })
        .collect();
    format!("[{}]", reports.join(","))
}

#[actix_web::test]
async fn one_body_of_1110_reports_gives_the_cap_in_calls_and_few_warnings() {
    for distinct in [false, true] {
        let calls = Arc::new(Mutex::new(0_usize));
        let counter = calls.clone();
        let endpoint = ReportEndpoint::default()
            .with_body_limit(256 * 1024)
            .on_violation(move |_| *counter.lock().unwrap() += 1);
        let (log, guard) = Captured::start();
        let app = test::init_service(
            App::new()
                .wrap(middleware(POLICY).report_endpoint(endpoint))
                .configure(routes),
        )
        .await;
        let body = reports_batch(1110, distinct);
        if !distinct {
            assert!(body.len() <= ReportEndpoint::DEFAULT_BODY_LIMIT);
        }
        let request = post_report("application/reports+json", body).to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let cap = ReportEndpoint::DEFAULT_MAX_REPORTS_PER_BODY;
        assert_eq!(*calls.lock().unwrap(), cap, "distinct: {distinct}");
        let warnings = log.lines("WARN", "secure_http::csp_report").len();
        let text = log.text();
        assert_eq!(warnings, if distinct { cap } else { 1 }, "{text}");
        let dropped = text.lines().filter(|l| l.contains("1090")).count();
        assert_eq!(dropped, 1, "{text}");
        drop(guard);
    }
}

#[actix_web::test]
async fn the_report_endpoint_is_announced_once_at_start_up() {
    let (log, _guard) = Captured::start();
    let app = test::init_service(App::new().wrap(middleware(POLICY)).configure(routes)).await;
    let response = test::call_service(
        &app,
        test::TestRequest::get().uri("/csp-report").to_request(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let text = log.text();
    let info: Vec<_> = log
        .lines("INFO", "secure_http::csp_report")
        .into_iter()
        .filter(|l| l.contains("CSP reports are received at POST /csp-report"))
        .collect();
    assert_eq!(info.len(), 1, "{text}");
    assert!(
        info[0].contains(".without_report_endpoint()"),
        "{}",
        info[0]
    );
}

#[actix_web::test]
async fn without_the_report_endpoint_the_applications_own_route_answers() {
    let own = |config: &mut web::ServiceConfig| {
        config.route("/csp-report", web::get().to(|| async { "my own page" }));
    };
    let app = test::init_service(App::new().wrap(middleware(POLICY)).configure(own)).await;
    let get = || test::TestRequest::get().uri("/csp-report").to_request();
    let response = test::call_service(&app, get()).await;
    assert_eq!(
        response.status(),
        StatusCode::METHOD_NOT_ALLOWED,
        "taken over by default"
    );

    let app = test::init_service(
        App::new()
            .wrap(middleware(POLICY).without_report_endpoint())
            .configure(own),
    )
    .await;
    let response = test::call_service(&app, get()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "content-security-policy"),
        "default-src 'none'; img-src 'self'"
    );
    assert_eq!(test::read_body(response).await, "my own page");
}

//! The tower layer, driven with `oneshot` directly and inside an axum router.

use axum::Router;
use axum::routing::get;
use http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use secure_http::integrations::tower::SecurityHeadersLayer;
use secure_http::report::{CspViolation, ReportEndpoint};
use secure_http::reporting::ReportingEndpoints;
use secure_http::{CspNonce, CspOverride, SecurityHeaders, SkipHsts, csp};
use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use tower::{Service, ServiceBuilder, ServiceExt, service_fn};

const POLICY: secure_http::ContentSecurityPolicy = csp! { default-src: none, img-src: self };
const NONCE_POLICY: secure_http::ContentSecurityPolicy =
    csp! { default-src: none, script-src: nonce strict-dynamic };
const HSTS: &str = "max-age=31536000; includeSubDomains; preload";

fn layer(policy: secure_http::ContentSecurityPolicy) -> SecurityHeadersLayer {
    SecurityHeadersLayer::new(SecurityHeaders::new().content_security_policy(policy))
}

fn router(layer: SecurityHeadersLayer) -> Router {
    Router::new()
        .route("/", get(|| async { "hello" }))
        .route(
            "/error",
            get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "boom") }),
        )
        .route(
            "/nonce",
            get(|nonce: CspNonce| async move { nonce.to_string() }),
        )
        .route(
            "/relaxed",
            get(|| async {
                let mut response = Response::new("relaxed".to_owned());
                response
                    .extensions_mut()
                    .insert(CspOverride::Replace(csp! { default-src: self }));
                response
            }),
        )
        .route(
            "/no-csp",
            get(|| async {
                let mut response = Response::new("no csp".to_owned());
                response.extensions_mut().insert(CspOverride::Remove);
                response.extensions_mut().insert(SkipHsts);
                response
            }),
        )
        .layer(layer)
}

async fn send(app: &Router, request: Request<axum::body::Body>) -> (Response<()>, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    (
        Response::from_parts(parts, ()),
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

fn get_request(path: &str) -> Request<axum::body::Body> {
    Request::get(path).body(axum::body::Body::empty()).unwrap()
}

fn report_request(
    content_type: &str,
    body: impl Into<axum::body::Body>,
) -> Request<axum::body::Body> {
    Request::post("/csp-report")
        .header("content-type", content_type)
        .body(body.into())
        .unwrap()
}

const REPORT: &str = r#"{"csp-report":{"document-uri":"http://127.0.0.1/","effective-directive":"img-src","blocked-uri":"https://evil.example/x.png"}}"#;

#[tokio::test]
async fn headers_on_200_404_and_500() {
    let app = router(layer(POLICY));
    for (path, status) in [
        ("/", StatusCode::OK),
        ("/missing", StatusCode::NOT_FOUND),
        ("/error", StatusCode::INTERNAL_SERVER_ERROR),
    ] {
        let (response, _) = send(&app, get_request(path)).await;
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(
            response.headers()["content-security-policy"],
            "default-src 'none'; img-src 'self'; report-uri /csp-report",
            "{path}"
        );
        assert_eq!(response.headers()["strict-transport-security"], HSTS);
    }
}

#[tokio::test]
async fn handlers_replace_or_drop_their_own_policy() {
    let app = router(layer(POLICY));
    let (response, _) = send(&app, get_request("/relaxed")).await;
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'self'"
    );
    assert_eq!(response.headers()["strict-transport-security"], HSTS);
    let (response, _) = send(&app, get_request("/no-csp")).await;
    assert!(response.headers().get("content-security-policy").is_none());
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
}

#[tokio::test]
async fn a_policy_that_names_its_reports_is_left_as_written() {
    let endpoints = ReportingEndpoints::new()
        .endpoint("csp", "/csp-report")
        .unwrap();
    let app = router(SecurityHeadersLayer::new(
        SecurityHeaders::new()
            .content_security_policy(csp! { default-src: none, report-to: csp })
            .reporting_endpoints(endpoints),
    ));
    let (response, _) = send(&app, get_request("/")).await;
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; report-to csp"
    );
    assert_eq!(
        response.headers()["reporting-endpoints"],
        r#"csp="/csp-report""#
    );
    let app = router(layer(POLICY).without_report_endpoint());
    let (response, _) = send(&app, get_request("/")).await;
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; img-src 'self'"
    );
    let (response, _) = send(&app, report_request("application/csp-report", REPORT)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[test]
#[should_panic(expected = "`report-to csp` names no configured reporting endpoint")]
fn a_report_to_without_its_endpoint_is_refused_at_start_up() {
    let _ = layer(csp! { default-src: none, report-to: csp });
}

/// A policy read at runtime with a finding `csp!` would refuse: with `enforce_lints` the
/// layer refuses to be built, instead of logging a WARN nobody may see.
#[test]
#[should_panic(
    expected = "invalid security headers: Content-Security-Policy: 1 denied lint finding: `'unsafe-inline'` in `script-src`"
)]
fn enforced_lints_refuse_a_weak_runtime_policy_at_start_up() {
    let from_config = "script-src 'unsafe-inline'; object-src 'none'"
        .parse()
        .unwrap();
    let _ = SecurityHeadersLayer::new(
        SecurityHeaders::new()
            .content_security_policy(from_config)
            .enforce_lints(secure_http::csp::lint::LintLevels::new()),
    );
}

#[test]
fn without_enforced_lints_a_weak_runtime_policy_is_only_logged() {
    let from_config: secure_http::ContentSecurityPolicy =
        "script-src 'unsafe-inline'; object-src 'none'"
            .parse()
            .unwrap();
    let headers = SecurityHeaders::new().content_security_policy(from_config.clone());
    assert!(headers.check().is_ok());
    let _ = SecurityHeadersLayer::new(headers.clone());
    let allowed = headers.enforce_lints(
        secure_http::csp::lint::LintLevels::new().allow(secure_http::csp::lint::Lint::UnsafeInline),
    );
    let _ = SecurityHeadersLayer::new(allowed);
}

#[tokio::test]
async fn headers_that_are_not_configured_are_left_as_the_handler_set_them() {
    let app = Router::new()
        .route(
            "/",
            get(|| async {
                let mut response = Response::new("own".to_owned());
                response.headers_mut().insert(
                    "content-security-policy",
                    "default-src 'self'".parse().unwrap(),
                );
                response
            }),
        )
        .layer(SecurityHeadersLayer::new(
            SecurityHeaders::empty()
                .strict_transport_security(secure_http::StrictTransportSecurity::DEFAULT),
        ));
    let (response, _) = send(&app, get_request("/")).await;
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'self'"
    );
    assert_eq!(response.headers()["strict-transport-security"], HSTS);
    assert!(response.headers().get("reporting-endpoints").is_none());
}

#[tokio::test]
async fn nonces_are_unique_and_match_between_header_and_handler() {
    let app = router(SecurityHeadersLayer::new(
        SecurityHeaders::new()
            .content_security_policy(NONCE_POLICY)
            .content_security_policy_report_only(csp! { script-src: nonce }),
    ));
    let mut seen = HashSet::new();
    for _ in 0..10_000 {
        let (response, nonce) = send(&app, get_request("/nonce")).await;
        assert_eq!(
            response.headers()["content-security-policy"],
            format!(
                "default-src 'none'; script-src 'nonce-{nonce}' 'strict-dynamic'; report-uri /csp-report"
            )
            .as_str()
        );
        assert_eq!(
            response.headers()["content-security-policy-report-only"],
            format!("script-src 'nonce-{nonce}'; report-uri /csp-report").as_str()
        );
        assert!(seen.insert(nonce), "a nonce was served twice");
    }
}

#[tokio::test]
async fn no_nonce_without_a_policy_that_asks_for_one() {
    let app = router(layer(POLICY));
    let (response, body) = send(&app, get_request("/nonce")).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.starts_with("no CSP nonce for this request"));
    assert!(
        !response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("nonce")
    );
}

#[tokio::test]
async fn report_endpoint_answers_every_kind_of_request() {
    let received: Arc<Mutex<Vec<CspViolation>>> = Arc::default();
    let sink = received.clone();
    let endpoint = ReportEndpoint::at("/reports/csp")
        .unwrap()
        .with_body_limit(1024)
        .on_violation(move |v| sink.lock().unwrap().push(v.clone()));
    let app = router(layer(POLICY).report_endpoint(endpoint));
    let post = |content_type: &str, body: axum::body::Body| {
        Request::post("/reports/csp")
            .header("content-type", content_type)
            .body(body)
            .unwrap()
    };

    let (response, body) = send(&app, post("application/csp-report", REPORT.into())).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(body, "");
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; img-src 'self'; report-uri /reports/csp"
    );

    let batch = r#"[{"type":"csp-violation","age":1,"url":"http://127.0.0.1/","user_agent":"test","body":{"documentURL":"http://127.0.0.1/","effectiveDirective":"script-src-elem","blockedURL":"inline"}}]"#;
    let (response, _) = send(&app, post("application/reports+json", batch.into())).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let (response, body) = send(&app, post("application/csp-report", "{not json".into())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(body, "malformed report");

    let (response, _) = send(&app, post("text/plain", REPORT.into())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let oversized = format!(r#"{{"csp-report":{{"x":"{}"}}}}"#, "a".repeat(2000));
    let (response, _) = send(
        &app,
        post("application/csp-report", oversized.clone().into()),
    )
    .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // Without Content-Length the limit still holds while reading.
    let stream = chunked_body(oversized);
    let (response, _) = send(&app, post("application/csp-report", stream)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let (response, _) = send(&app, get_request("/reports/csp")).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "POST");
    assert_eq!(response.headers()["strict-transport-security"], HSTS);

    let received = received.lock().unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].blocked_uri.as_deref(),
        Some("https://evil.example/x.png")
    );
    assert_eq!(received[1].effective_directive, "script-src-elem");
}

/// A body of unknown length, sent in chunks.
fn chunked_body(text: String) -> axum::body::Body {
    let chunks: Vec<Result<bytes::Bytes, Infallible>> = text
        .into_bytes()
        .chunks(100)
        .map(|c| Ok(bytes::Bytes::copy_from_slice(c)))
        .collect();
    axum::body::Body::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn works_on_a_plain_tower_service_and_passes_poll_ready_through() {
    let mut service = ServiceBuilder::new()
        .layer(layer(POLICY))
        .service(service_fn(|_: Request<String>| async {
            Ok::<_, Infallible>(Response::new(String::from("plain")))
        }));
    let ready = service.ready().await.unwrap();
    let response = ready.call(Request::new(String::new())).await.unwrap();
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; img-src 'self'; report-uri /csp-report"
    );
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body, "plain");
}

#[path = "../secure-core/src/test_log.rs"]
mod test_log;
use test_log::Captured;

#[test]
fn lint_findings_of_runtime_policies_are_logged_once_at_start_up() {
    let log = Captured::during(|| {
        let weak: secure_http::ContentSecurityPolicy =
            "script-src 'self' 'unsafe-inline'; object-src 'none'"
                .parse()
                .unwrap();
        let _layer =
            SecurityHeadersLayer::new(SecurityHeaders::new().content_security_policy(weak))
                .report_endpoint(ReportEndpoint::default());
    });
    assert_eq!(log.matches("lint `unsafe_inline`").count(), 1, "{log}");
    assert_eq!(log.matches("lint `self_in_script_src`").count(), 1, "{log}");
    assert!(
        log.contains("WARN") && log.contains("secure_http::csp_lint"),
        "{log}"
    );
}

/// A report whose `document-uri` holds a line break followed by a forged log line, an ANSI
/// colour sequence and U+202E (right-to-left override); issue 14, item 2.
const FORGING_REPORT: &str = r#"{"csp-report":{"document-uri":"https://app.example/\n2099-01-01T00:00:00.000000Z  WARN secure_http::csp_report: CSP violation: script-src-elem blocked inline on https://app.example/admin \u001b[31mred\u202eevil","effective-directive":"img-src","blocked-uri":"https://x.example/\r\u0085a\\b"}}"#;

#[tokio::test]
async fn report_fields_are_logged_escaped_on_one_line() {
    let received: Arc<Mutex<Vec<CspViolation>>> = Arc::default();
    let sink = received.clone();
    let endpoint =
        ReportEndpoint::default().on_violation(move |v| sink.lock().unwrap().push(v.clone()));
    let (log, _guard) = Captured::start();
    let app = router(layer(POLICY).report_endpoint(endpoint));
    let (response, _) = send(
        &app,
        report_request("application/csp-report", FORGING_REPORT),
    )
    .await;
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
        r"https://app.example/\n2099-01-01T00:00:00.000000Z  WARN",
        r"\u{1b}[31mred\u{202e}evil",
        r"https://x.example/\r\u{85}a\\b",
    ] {
        assert!(
            warnings[0].contains(escaped),
            "{escaped} not in {}",
            warnings[0]
        );
    }
    // Each field stays a field of its own, escaped too.
    assert!(
        warnings[0].contains(r"document=https://app.example/\n2099"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains(r#"blocked=https://x.example/\r\u{85}a\\b"#),
        "{}",
        warnings[0]
    );

    // The callback sees the violation as received.
    let received = received.lock().unwrap();
    assert_eq!(received.len(), 1);
    assert!(received[0].document_uri.contains("/\n2099-01-01"));
    assert!(
        received[0]
            .document_uri
            .contains("\u{1b}[31mred\u{202e}evil")
    );
    assert_eq!(
        received[0].blocked_uri.as_deref(),
        Some("https://x.example/\r\u{85}a\\b")
    );
}

#[tokio::test]
async fn a_malformed_report_is_logged_escaped_on_one_line() {
    let (log, _guard) = Captured::start();
    let app = router(layer(POLICY));
    // serde's message repeats an unknown variant as it was received.
    let body = r#"{"csp-report":{"document-uri":"https://a.example/","effective-directive":"img-src","disposition":"x\n2099-01-01T00:00:00Z  WARN forged \u001b[31m"}}"#;
    let (response, body_text) = send(&app, report_request("application/csp-report", body)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(body_text, "malformed report");
    let text = log.text();
    let debug = log.lines("DEBUG", "secure_http::csp_report");
    assert_eq!(debug.len(), 1, "{text}");
    assert!(
        debug[0].contains(r"x\n2099-01-01T00:00:00Z  WARN forged \u{1b}[31m"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}') && !text.contains("\nforged"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.contains("forged")).count(),
        1,
        "{text}"
    );
}

/// An `application/reports+json` body of `count` CSP violations: the same one `count` times,
/// or each with its own `blockedURL`.
fn reports_batch(count: usize, distinct: bool) -> String {
    let reports: Vec<String> = (0..count)
        .map(|i| {
            if distinct {
                format!(r#"{{"type":"csp-violation","body":{{"effectiveDirective":"img-src","blockedURL":"https://x.example/{i}"}}}}"#)
            } else {
                r#"{"type":"csp-violation","body":{"effectiveDirective":"a"}}"#.to_owned()
            }
        })
        .collect();
    format!("[{}]", reports.join(","))
}

#[tokio::test]
async fn one_body_of_identical_reports_gives_the_cap_and_one_warning() {
    let calls = Arc::new(Mutex::new(0_usize));
    let counter = calls.clone();
    let endpoint = ReportEndpoint::default().on_violation(move |_| *counter.lock().unwrap() += 1);
    let (log, _guard) = Captured::start();
    let app = router(layer(POLICY).report_endpoint(endpoint));
    let body = reports_batch(1110, false);
    assert!(
        body.len() <= ReportEndpoint::DEFAULT_BODY_LIMIT,
        "{}",
        body.len()
    );
    let (response, _) = send(&app, report_request("application/reports+json", body)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        *calls.lock().unwrap(),
        ReportEndpoint::DEFAULT_MAX_REPORTS_PER_BODY
    );
    let text = log.text();
    assert_eq!(
        log.lines("WARN", "secure_http::csp_report").len(),
        1,
        "{text}"
    );
    let dropped = log.lines("INFO", "secure_http::csp_report");
    let dropped: Vec<_> = dropped.iter().filter(|l| l.contains("dropped")).collect();
    assert_eq!(dropped.len(), 1, "{text}");
    assert!(dropped[0].contains("1090"), "{}", dropped[0]);
}

#[tokio::test]
async fn one_body_of_distinct_reports_gives_the_cap_in_calls_and_warnings() {
    let calls = Arc::new(Mutex::new(0_usize));
    let counter = calls.clone();
    let endpoint = ReportEndpoint::default()
        .with_body_limit(256 * 1024)
        .on_violation(move |_| *counter.lock().unwrap() += 1);
    let (log, _guard) = Captured::start();
    let app = router(layer(POLICY).report_endpoint(endpoint));
    let (response, _) = send(
        &app,
        report_request("application/reports+json", reports_batch(1110, true)),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let cap = ReportEndpoint::DEFAULT_MAX_REPORTS_PER_BODY;
    assert_eq!(*calls.lock().unwrap(), cap);
    let warnings = log.lines("WARN", "secure_http::csp_report");
    assert_eq!(warnings.len(), cap, "{}", log.text());
}

#[tokio::test]
async fn the_report_endpoint_is_announced_once_at_start_up() {
    let (log, _guard) = Captured::start();
    // axum applies the layer to each route and to the fallback: several services, one line.
    let app = router(layer(POLICY));
    let (response, _) = send(&app, get_request("/csp-report")).await;
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

    let custom = router(layer(POLICY).report_endpoint(ReportEndpoint::at("/r/csp").unwrap()));
    drop(custom);
    assert_eq!(
        log.text().matches("received at POST /r/csp").count(),
        1,
        "{}",
        log.text()
    );
    assert_eq!(
        log.text().matches("received at POST /csp-report").count(),
        1,
        "{}",
        log.text()
    );

    let _off = router(layer(POLICY).without_report_endpoint());
    assert_eq!(
        log.text().matches("CSP reports are received").count(),
        2,
        "{}",
        log.text()
    );
}

#[tokio::test]
async fn without_the_report_endpoint_the_applications_own_route_answers() {
    let own = || Router::new().route("/csp-report", get(|| async { "my own page" }));
    let app = own().layer(layer(POLICY));
    let (response, _) = send(&app, get_request("/csp-report")).await;
    assert_eq!(
        response.status(),
        StatusCode::METHOD_NOT_ALLOWED,
        "taken over by default"
    );

    let app = own().layer(layer(POLICY).without_report_endpoint());
    let (response, body) = send(&app, get_request("/csp-report")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body, "my own page");
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; img-src 'self'"
    );
}

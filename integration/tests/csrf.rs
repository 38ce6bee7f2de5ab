//! CSRF protection through both integrations: every combination of method, `Sec-Fetch-Site`,
//! `Origin` and token against an oracle that restates the rules, plus the cookie's life.

use actix_web::test as actix_test;
use axum::Router;
use axum::routing::any;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use secure_http::csrf::{CsrfKey, CsrfKeys, CsrfProtection, CsrfToken, OriginCheck};
use secure_http::integrations::{actix::Csrf, tower::CsrfLayer};
use tower::ServiceExt;

const HOST: &str = "app.example:8080";
const TRUSTED: &str = "https://partner.example";

const METHODS: [&str; 7] = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"];
const SITES: [Option<&str>; 5] = [
    None,
    Some("same-origin"),
    Some("none"),
    Some("same-site"),
    Some("cross-site"),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum OriginCase {
    Absent,
    Null,
    Same,
    OtherPort,
    OtherScheme,
    Trusted,
    CrossSite,
    /// The request's host and port behind a scheme that is not a web one.
    FileScheme,
    /// The request's host and port behind no scheme at all.
    NoScheme,
    /// The request's host and port with a path, which no browser sends.
    WithPath,
}

impl OriginCase {
    const ALL: [Self; 10] = [
        Self::Absent,
        Self::Null,
        Self::Same,
        Self::OtherPort,
        Self::OtherScheme,
        Self::Trusted,
        Self::CrossSite,
        Self::FileScheme,
        Self::NoScheme,
        Self::WithPath,
    ];

    fn header(self) -> Option<&'static str> {
        match self {
            Self::Absent => None,
            Self::Null => Some("null"),
            Self::Same => Some("http://app.example:8080"),
            Self::OtherPort => Some("http://app.example:9090"),
            Self::OtherScheme => Some("https://app.example:8080"),
            Self::Trusted => Some(TRUSTED),
            Self::CrossSite => Some("https://evil.example"),
            Self::FileScheme => Some("file://app.example:8080"),
            Self::NoScheme => Some("://app.example:8080"),
            Self::WithPath => Some("http://app.example:8080/"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum TokenCase {
    ValidHeader,
    ValidForm,
    Missing,
    Tampered,
    FromAnotherCookie,
    RetiredKey,
    ForgedCookie,
}

impl TokenCase {
    const ALL: [Self; 7] = [
        Self::ValidHeader,
        Self::ValidForm,
        Self::Missing,
        Self::Tampered,
        Self::FromAnotherCookie,
        Self::RetiredKey,
        Self::ForgedCookie,
    ];
}

/// The rules, restated: what must happen to a request.
fn expected(
    tokens_on: bool,
    method: &str,
    site: Option<&str>,
    origin: OriginCase,
    token: TokenCase,
) -> (u16, &'static str) {
    if matches!(method, "GET" | "HEAD" | "OPTIONS") {
        return (200, "");
    }
    let origin_ok = origin == OriginCase::Trusted
        || match site {
            Some("same-origin" | "none") => true,
            Some(_) => false,
            // Without Fetch Metadata: an http or https origin whose host and port match
            // `Host`; which of the two schemes is not compared.
            None => matches!(
                origin,
                OriginCase::Absent | OriginCase::Same | OriginCase::OtherScheme
            ),
        };
    if !origin_ok {
        return (403, "cross-origin request");
    }
    if !tokens_on {
        return (200, "");
    }
    match token {
        TokenCase::ValidHeader | TokenCase::ValidForm | TokenCase::RetiredKey => (200, ""),
        TokenCase::Missing => (403, "missing CSRF token"),
        TokenCase::Tampered | TokenCase::FromAnotherCookie | TokenCase::ForgedCookie => {
            (403, "invalid CSRF token")
        }
    }
}

struct Keys {
    current: CsrfKeys,
    retired_only: CsrfKeys,
    unknown: CsrfKeys,
    configured: CsrfKeys,
}

fn keys() -> Keys {
    let current = CsrfKey::from_bytes(&[1; 32]).unwrap();
    let retired = CsrfKey::from_bytes(&[2; 32]).unwrap();
    Keys {
        current: CsrfKeys::new(current.clone()),
        retired_only: CsrfKeys::new(retired.clone()),
        unknown: CsrfKeys::new(CsrfKey::from_bytes(&[3; 32]).unwrap()),
        configured: CsrfKeys::new(current).accept(retired),
    }
}

fn protection(keys: &Keys, tokens_on: bool) -> CsrfProtection {
    let protection =
        CsrfProtection::new().origin_check(OriginCheck::default().trust(TRUSTED.parse().unwrap()));
    if tokens_on {
        protection.tokens(keys.configured.clone())
    } else {
        protection
    }
}

/// A request as plain parts, to build for either framework.
struct Case {
    method: &'static str,
    headers: Vec<(&'static str, String)>,
    body: String,
}

const FORM_REST: &str = "name=Ada+Lovelace&note=a%26b";

fn case(
    keys: &Keys,
    method: &'static str,
    site: Option<&str>,
    origin: OriginCase,
    token: TokenCase,
) -> Case {
    let mut headers = vec![("host", HOST.to_owned())];
    if let Some(site) = site {
        headers.push(("sec-fetch-site", site.to_owned()));
    }
    if let Some(origin) = origin.header() {
        headers.push(("origin", origin.to_owned()));
    }
    let (secret, cookie) = match token {
        TokenCase::RetiredKey => keys.retired_only.new_cookie_value(),
        TokenCase::ForgedCookie => keys.unknown.new_cookie_value(),
        _ => keys.current.new_cookie_value(),
    };
    headers.push(("cookie", format!("theme=dark; __Host-csrf={cookie}")));
    let valid = secret.mask().to_string();
    let sent = match token {
        TokenCase::Tampered => Some(flip_one(&valid)),
        TokenCase::FromAnotherCookie => Some(keys.current.new_cookie_value().0.mask().to_string()),
        TokenCase::Missing => None,
        _ => Some(valid),
    };
    let mut body = FORM_REST.to_owned();
    match (token, sent) {
        (TokenCase::ValidForm, Some(token)) => {
            body = format!("csrf_token={token}&{FORM_REST}");
        }
        (_, Some(token)) => headers.push(("x-csrf-token", token)),
        (_, None) => {}
    }
    headers.push((
        "content-type",
        "application/x-www-form-urlencoded".to_owned(),
    ));
    Case {
        method,
        headers,
        body,
    }
}

fn flip_one(token: &str) -> String {
    let mut bytes = token.as_bytes().to_vec();
    bytes[40] = if bytes[40] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

/// Every combination, with its expected outcome.
fn matrix(keys: &Keys) -> Vec<(String, Case, (u16, &'static str), bool)> {
    let mut cases = Vec::new();
    for tokens_on in [true, false] {
        for method in METHODS {
            for site in SITES {
                for origin in OriginCase::ALL {
                    for token in TokenCase::ALL {
                        let name = format!(
                            "tokens={tokens_on} {method} site={site:?} origin={origin:?} token={token:?}"
                        );
                        let expected = expected(tokens_on, method, site, origin, token);
                        cases.push((
                            name,
                            case(keys, method, site, origin, token),
                            expected,
                            tokens_on,
                        ));
                    }
                }
            }
        }
    }
    cases
}

async fn echo(body: String) -> String {
    body
}

#[tokio::test]
async fn tower_matrix() {
    let keys = keys();
    let apps = [
        Router::new()
            .fallback(any(echo))
            .layer(CsrfLayer::new(protection(&keys, false))),
        Router::new()
            .fallback(any(echo))
            .layer(CsrfLayer::new(protection(&keys, true))),
    ];
    let cases = matrix(&keys);
    assert_eq!(cases.len(), 2 * 7 * 5 * 10 * 7);
    for (name, case, (status, reason), tokens_on) in cases {
        let mut request = Request::builder().method(case.method).uri("/submit");
        for (header, value) in &case.headers {
            request = request.header(*header, value);
        }
        let request = request
            .body(axum::body::Body::from(case.body.clone()))
            .unwrap();
        let response = apps[usize::from(tokens_on)]
            .clone()
            .oneshot(request)
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{name}");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        if status == 200 {
            if case.method != "HEAD" {
                assert_eq!(
                    body, case.body,
                    "{name}: the body reaches the handler intact"
                );
            }
        } else {
            assert_eq!(body, reason, "{name}");
        }
    }
}

#[actix_web::test]
async fn actix_matrix() {
    let keys = keys();
    let off = actix_test::init_service(
        actix_web::App::new()
            .wrap(Csrf::new(protection(&keys, false)))
            .default_service(actix_web::web::to(echo)),
    )
    .await;
    let on = actix_test::init_service(
        actix_web::App::new()
            .wrap(Csrf::new(protection(&keys, true)))
            .default_service(actix_web::web::to(echo)),
    )
    .await;
    for (name, case, (status, reason), tokens_on) in matrix(&keys) {
        let mut request = actix_test::TestRequest::default()
            .method(case.method.parse().unwrap())
            .uri("/submit");
        for (header, value) in &case.headers {
            request = request.insert_header((*header, value.as_str()));
        }
        let request = request.set_payload(case.body.clone()).to_request();
        let response = if tokens_on {
            actix_test::call_service(&on, request).await
        } else {
            actix_test::call_service(&off, request).await
        };
        assert_eq!(response.status().as_u16(), status, "{name}");
        let body = actix_test::read_body(response).await;
        if status == 200 {
            if case.method != "HEAD" {
                assert_eq!(
                    body,
                    case.body.as_bytes(),
                    "{name}: the body reaches the handler intact"
                );
            }
        } else {
            assert_eq!(body, reason.as_bytes(), "{name}");
        }
    }
}

#[tokio::test]
async fn the_cookie_is_set_once_resealed_after_rotation_and_the_token_reaches_the_handler() {
    let keys = keys();
    let app = Router::new()
        .route(
            "/",
            any(|token: CsrfToken| async move { token.to_string() }),
        )
        .layer(CsrfLayer::new(protection(&keys, true)));
    let get = |cookie: Option<String>| {
        let mut request = Request::get("/").header("host", HOST);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.body(axum::body::Body::empty()).unwrap()
    };

    // No cookie: one is set, with the attributes of a __Host- cookie.
    let response = app.clone().oneshot(get(None)).await.unwrap();
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(set_cookie.starts_with("__Host-csrf="), "{set_cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(
            set_cookie.contains(attribute),
            "{set_cookie} lacks {attribute}"
        );
    }
    assert!(!set_cookie.contains("Domain"));
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let token = response.into_body().collect().await.unwrap().to_bytes();

    // With it: no new cookie, and a fresh mask of the same secret each time.
    let response = app
        .clone()
        .oneshot(get(Some(cookie.clone())))
        .await
        .unwrap();
    assert!(response.headers().get("set-cookie").is_none());
    let second = response.into_body().collect().await.unwrap().to_bytes();
    assert_ne!(token, second, "tokens are masked afresh per response");

    // Both masks are accepted with the cookie.
    for token in [&token, &second] {
        let request = Request::post("/")
            .header("host", HOST)
            .header("sec-fetch-site", "same-origin")
            .header("cookie", &cookie)
            .header("x-csrf-token", std::str::from_utf8(token).unwrap())
            .body(axum::body::Body::empty())
            .unwrap();
        assert_eq!(
            app.clone().oneshot(request).await.unwrap().status(),
            StatusCode::OK
        );
    }

    // A cookie signed with the retired key is accepted and signed anew with the current one.
    let (_, old) = keys.retired_only.new_cookie_value();
    let response = app
        .clone()
        .oneshot(get(Some(format!("__Host-csrf={old}"))))
        .await
        .unwrap();
    let resealed = response.headers()["set-cookie"].to_str().unwrap();
    assert!(resealed.starts_with("__Host-csrf=") && !resealed.contains(&old));
}

#[tokio::test]
async fn forms_longer_than_the_limit_are_refused_and_rejections_can_be_replaced() {
    let keys = keys();
    let app = Router::new().fallback(any(echo)).layer(
        CsrfLayer::new(protection(&keys, true).form_limit(100)).rejection_response(|rejection| {
            let mut response = http::Response::new(http_body_util::Full::new(bytes::Bytes::from(
                format!("<h1>{rejection}</h1>"),
            )));
            *response.status_mut() = StatusCode::FORBIDDEN;
            response
        }),
    );
    let (secret, cookie) = keys.current.new_cookie_value();
    let body = format!("note={}&csrf_token={}", "a".repeat(200), secret.mask());
    let request = Request::post("/")
        .header("host", HOST)
        .header("cookie", format!("__Host-csrf={cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body, "<h1>missing CSRF token</h1>");
}

#[tokio::test]
async fn bypassed_routes_accept_cross_origin_posts() {
    let keys = keys();
    let app = Router::new()
        .fallback(any(echo))
        .layer(CsrfLayer::new(protection(&keys, true).bypass(
            |method, path| method == "POST" && path.starts_with("/webhooks/"),
        )));
    let post = |path: &str| {
        Request::post(path)
            .header("host", HOST)
            .header("sec-fetch-site", "cross-site")
            .header("origin", "https://github.example")
            .body(axum::body::Body::from("payload"))
            .unwrap()
    };
    assert_eq!(
        app.clone()
            .oneshot(post("/webhooks/github"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.clone().oneshot(post("/submit")).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn hostile_headers_never_panic() {
    let keys = keys();
    let app = Router::new()
        .fallback(any(echo))
        .layer(CsrfLayer::new(protection(&keys, true)));
    let values: [&[u8]; 8] = [
        b"",
        b"null",
        b"\xff\xfe",
        b"https://",
        b"://",
        b"__Host-csrf=;;;=;",
        b"__Host-csrf=AAAA; __Host-csrf=\xc3\xa9",
        b"x".repeat(8192).leak(),
    ];
    for value in values {
        for header in [
            "origin",
            "sec-fetch-site",
            "cookie",
            "x-csrf-token",
            "content-type",
            "host",
        ] {
            let request = Request::post("/")
                .header(header, http::HeaderValue::from_bytes(value).unwrap())
                .body(axum::body::Body::from("csrf_token=%ZZ&x"))
                .unwrap();
            let status = app.clone().oneshot(request).await.unwrap().status();
            assert!(
                status == StatusCode::OK || status == StatusCode::FORBIDDEN,
                "{header}: {status}"
            );
        }
    }
}

/// One request through the tower layer, answering status, body and `Set-Cookie`.
async fn send(
    app: &Router,
    request: Request<axum::body::Body>,
) -> (u16, String, Option<String>, Option<String>) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &http::HeaderValue| v.to_str().unwrap().to_owned())
    };
    let (set_cookie, vary) = (header("set-cookie"), header("vary"));
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        String::from_utf8(body.to_vec()).unwrap(),
        set_cookie,
        vary,
    )
}

#[tokio::test]
async fn cookies_of_other_names_cannot_hide_ours() {
    let keys = keys();
    let app = Router::new()
        .fallback(any(echo))
        .layer(CsrfLayer::new(protection(&keys, true)));
    let (secret, cookie) = keys.current.new_cookie_value();
    let token = secret.mask().to_string();
    let post = |cookies: &[&[u8]]| {
        let mut request = Request::post("/")
            .header("host", HOST)
            .header("sec-fetch-site", "same-origin")
            .header("x-csrf-token", &token);
        for value in cookies {
            request = request.header("cookie", http::HeaderValue::from_bytes(value).unwrap());
        }
        request.body(axum::body::Body::from("ok")).unwrap()
    };
    let ours = format!("__Host-csrf={cookie}");
    // A cookie with a UTF-8 value beside ours, in the same header and in another one.
    let mixed = format!("pref=caf\u{e9}; {ours}; theme=dark");
    for cookies in [
        vec![mixed.as_bytes()],
        vec![&b"pref=caf\xc3\xa9"[..], ours.as_bytes()],
        vec![
            b"theme=dark".as_slice(),
            b"lang=en".as_slice(),
            ours.as_bytes(),
        ],
    ] {
        assert_eq!(send(&app, post(&cookies)).await.0, 200, "{cookies:?}");
    }
    // A name that only looks like ours after Unicode trimming is not ours.
    let disguised = format!("\u{2000}__Host-csrf={cookie}");
    assert_eq!(send(&app, post(&[disguised.as_bytes()])).await.0, 403);
}

#[tokio::test]
async fn fetch_metadata_is_compared_exactly_and_empty_means_absent() {
    let keys = keys();
    let app = Router::new()
        .fallback(any(echo))
        .layer(CsrfLayer::new(protection(&keys, false)));
    let post = |method: &str, site: &str, origin: Option<&str>| {
        let mut request = Request::builder()
            .method(method)
            .uri("/")
            .header("host", HOST)
            .header("sec-fetch-site", site);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.body(axum::body::Body::empty()).unwrap()
    };
    assert_eq!(send(&app, post("POST", "SAME-ORIGIN", None)).await.0, 403);
    assert_eq!(
        send(&app, post("POST", "", Some("http://app.example:8080")))
            .await
            .0,
        200
    );
    assert_eq!(
        send(&app, post("POST", "", Some("https://evil.example")))
            .await
            .0,
        403
    );
    // Methods are case-sensitive: `post` is not a safe method.
    assert_eq!(send(&app, post("post", "cross-site", None)).await.0, 403);
    assert_eq!(
        send(&app, post("PROPFIND", "cross-site", None)).await.0,
        403
    );
}

#[tokio::test]
async fn settings_do_not_depend_on_builder_order_and_rejections_set_no_cookie() {
    let keys = keys();
    let protection = CsrfProtection::new()
        .form_limit(100)
        .development_cookie()
        .lax_cookie()
        .tokens(keys.configured.clone());
    let app = Router::new()
        .fallback(any(echo))
        .layer(CsrfLayer::new(protection));

    let get = Request::get("/")
        .header("host", HOST)
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, _, set_cookie, vary) = send(&app, get).await;
    assert_eq!(status, 200);
    let set_cookie = set_cookie.unwrap();
    assert!(set_cookie.starts_with("csrf="), "{set_cookie}");
    assert!(
        !set_cookie.contains("Secure") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    assert_eq!(vary.as_deref(), Some("cookie"));

    let (secret, cookie) = keys.current.new_cookie_value();
    let long_form = format!("csrf_token={}&note={}", secret.mask(), "a".repeat(200));
    let post = Request::post("/")
        .header("host", HOST)
        .header("cookie", format!("csrf={cookie}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(long_form))
        .unwrap();
    let (status, body, set_cookie, _) = send(&app, post).await;
    assert_eq!(
        (status, body.as_str()),
        (403, "missing CSRF token"),
        "the form limit set before tokens() holds"
    );
    assert!(set_cookie.is_none(), "a refusal sets no cookie");
}

#[actix_web::test]
async fn actix_cookie_life_and_form_limit() {
    let keys = keys();
    let app = actix_test::init_service(
        actix_web::App::new()
            .wrap(Csrf::new(protection(&keys, true).form_limit(100)))
            .route(
                "/",
                actix_web::web::get().to(|token: CsrfToken| async move { token.to_string() }),
            )
            .default_service(actix_web::web::to(echo)),
    )
    .await;
    let response = actix_test::call_service(
        &app,
        actix_test::TestRequest::get()
            .uri("/")
            .insert_header(("host", HOST))
            .to_request(),
    )
    .await;
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.starts_with("__Host-csrf=")
            && set_cookie.contains("Secure")
            && set_cookie.contains("SameSite=Strict")
    );
    assert_eq!(response.headers().get("vary").unwrap(), "cookie");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let token = String::from_utf8(actix_test::read_body(response).await.to_vec()).unwrap();

    let form = |body: String| {
        actix_test::TestRequest::post()
            .uri("/submit")
            .insert_header(("host", HOST))
            .insert_header(("cookie", cookie.as_str()))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body)
            .to_request()
    };
    let short = format!("csrf_token={token}");
    let response = actix_test::call_service(&app, form(short.clone())).await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().get("set-cookie").is_none());
    assert_eq!(actix_test::read_body(response).await, short.as_bytes());
    let response =
        actix_test::call_service(&app, form(format!("{short}&note={}", "a".repeat(200)))).await;
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(
        actix_test::read_body(response).await,
        "missing CSRF token".as_bytes()
    );

    let (_, old) = keys.retired_only.new_cookie_value();
    let request = actix_test::TestRequest::get()
        .uri("/")
        .insert_header(("host", HOST))
        .insert_header(("cookie", format!("__Host-csrf={old}")))
        .to_request();
    let response = actix_test::call_service(&app, request).await;
    let resealed = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(resealed.starts_with("__Host-csrf=") && !resealed.contains(&old));
}

//! The HTTPS redirect and the host allow-list through both integrations: one table of
//! requests, each with the answer both must give.

use actix_web::test as actix_test;
use axum::Router;
use axum::extract::ConnectInfo;
use axum::routing::any;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use secure_http::integrations::{actix, tower as secure_tower};
use secure_http::transport::{AllowedHosts, HttpsRedirect};
use std::convert::Infallible;
use std::net::SocketAddr;
use tower::{ServiceBuilder, ServiceExt, service_fn};

/// Which middleware a case goes through.
#[derive(Debug, Clone, Copy, PartialEq)]
enum App {
    /// `HttpsRedirect` to port 8443, trusting `10.0.0.0/8` and `fd00::/8`.
    Redirect,
    /// `AllowedHosts`: `app.example`, `*.api.example`, `[::1]:8080`.
    Hosts,
    /// Both, the allow-list outermost.
    Both,
}

/// What a request must get: the handler's `ok`, a redirect, or a refusal with its reason.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    Ok,
    Redirect(&'static str),
    Refused(&'static str),
}

struct Case {
    name: &'static str,
    app: App,
    method: &'static str,
    uri: &'static str,
    peer: Option<&'static str>,
    headers: &'static [(&'static str, &'static str)],
    answer: Answer,
}

const fn case(
    name: &'static str,
    app: App,
    uri: &'static str,
    peer: Option<&'static str>,
    headers: &'static [(&'static str, &'static str)],
    answer: Answer,
) -> Case {
    Case {
        name,
        app,
        method: "GET",
        uri,
        peer,
        headers,
        answer,
    }
}

const TRUSTED: Option<&str> = Some("10.1.2.3:50000");
const TRUSTED_V6: Option<&str> = Some("[fd00::5]:50000");
const UNTRUSTED: Option<&str> = Some("203.0.113.9:50000");
const MISSING: &str = "missing Host header";
const INVALID: &str = "invalid Host header";
const NOT_ALLOWED: &str = "host not allowed";

fn cases() -> Vec<Case> {
    use Answer::{Ok, Redirect, Refused};
    use App::{Both, Hosts, Redirect as R};
    let mut cases = vec![
        case(
            "path and query kept, custom port",
            R,
            "/a/b?x=1&y=%2F",
            None,
            &[("host", "App.Example:8080")],
            Redirect("https://app.example:8443/a/b?x=1&y=%2F"),
        ),
        // The target's scheme is the client's word: it does not make a request HTTPS.
        case(
            "a target that says https is redirected",
            R,
            "https://app.example/a?b",
            UNTRUSTED,
            &[],
            Redirect("https://app.example:8443/a?b"),
        ),
        case(
            "trusted proxy, X-Forwarded-Proto",
            R,
            "/",
            TRUSTED,
            &[("host", "app.example"), ("x-forwarded-proto", "https")],
            Ok,
        ),
        case(
            "trusted proxy, Forwarded",
            R,
            "/",
            TRUSTED,
            &[
                ("host", "app.example"),
                ("forwarded", "for=192.0.2.1;proto=https;by=10.1.2.3"),
            ],
            Ok,
        ),
        case(
            "trusted IPv6 proxy, quoted Forwarded",
            R,
            "/",
            TRUSTED_V6,
            &[("host", "app.example"), ("forwarded", "proto=\"HTTPS\"")],
            Ok,
        ),
        case(
            "trusted proxy saying http",
            R,
            "/x",
            TRUSTED,
            &[("host", "app.example"), ("x-forwarded-proto", "http")],
            Redirect("https://app.example:8443/x"),
        ),
        case(
            "trusted proxy, a client's Forwarded against the proxy's X-Forwarded-Proto",
            R,
            "/x",
            TRUSTED,
            &[
                ("host", "app.example"),
                ("x-forwarded-proto", "http"),
                ("forwarded", "proto=https"),
            ],
            Redirect("https://app.example:8443/x"),
        ),
        // Proxies append: a client's own `https` comes first, the proxy's value last.
        case(
            "trusted proxy appending to a client's X-Forwarded-Proto",
            R,
            "/x",
            TRUSTED,
            &[
                ("host", "app.example"),
                ("x-forwarded-proto", "https, http"),
            ],
            Redirect("https://app.example:8443/x"),
        ),
        case(
            "trusted proxy adding an X-Forwarded-Proto line after a client's",
            R,
            "/x",
            TRUSTED,
            &[
                ("host", "app.example"),
                ("x-forwarded-proto", "https"),
                ("x-forwarded-proto", "http"),
            ],
            Redirect("https://app.example:8443/x"),
        ),
        case(
            "trusted proxy appending to a client's Forwarded",
            R,
            "/x",
            TRUSTED,
            &[
                ("host", "app.example"),
                (
                    "forwarded",
                    "for=198.51.100.1;proto=https, for=192.0.2.1;proto=http",
                ),
            ],
            Redirect("https://app.example:8443/x"),
        ),
        case(
            "trusted proxy adding a Forwarded line after a client's",
            R,
            "/x",
            TRUSTED,
            &[
                ("host", "app.example"),
                ("forwarded", "proto=https"),
                ("forwarded", "for=192.0.2.1;proto=http"),
            ],
            Redirect("https://app.example:8443/x"),
        ),
        case(
            "trusted proxy appending https to a client's http",
            R,
            "/",
            TRUSTED,
            &[
                ("host", "app.example"),
                ("x-forwarded-proto", "http, https"),
            ],
            Ok,
        ),
        case(
            "untrusted peer spoofing X-Forwarded-Proto",
            R,
            "/x",
            UNTRUSTED,
            &[("host", "app.example"), ("x-forwarded-proto", "https")],
            Redirect("https://app.example:8443/x"),
        ),
        case(
            "untrusted peer spoofing Forwarded",
            R,
            "/x",
            UNTRUSTED,
            &[("host", "app.example"), ("forwarded", "proto=https")],
            Redirect("https://app.example:8443/x"),
        ),
        case(
            "unknown peer spoofing X-Forwarded-Proto",
            R,
            "/x",
            None,
            &[("host", "app.example"), ("x-forwarded-proto", "https")],
            Redirect("https://app.example:8443/x"),
        ),
        case("missing Host", R, "/", None, &[], Refused(MISSING)),
        // The application reads `Host`; the check reads the target's authority first. When
        // the two differ, or `Host` is sent twice, the request is invalid: otherwise the
        // allow-list would pass a host that the application never sees.
        case(
            "a Host that differs from the target's authority",
            Hosts,
            "http://app.example/",
            None,
            &[("host", "evil.example")],
            Refused(INVALID),
        ),
        case(
            "two Host headers beside the target's authority",
            Hosts,
            "http://app.example/",
            None,
            &[("host", "app.example"), ("host", "evil.example")],
            Refused(INVALID),
        ),
        case(
            "a Host that equals the target's authority, case aside",
            Hosts,
            "http://app.example/",
            None,
            &[("host", "APP.example")],
            Ok,
        ),
        case(
            "redirect: a Host that differs from the target's authority",
            R,
            "http://app.example/x",
            None,
            &[("host", "evil.example")],
            Refused(INVALID),
        ),
        case(
            "IPv6 host",
            R,
            "/v6?q",
            None,
            &[("host", "[::1]:8080")],
            Redirect("https://[::1]:8443/v6?q"),
        ),
        case(
            "allowed host",
            Hosts,
            "/",
            None,
            &[("host", "app.example")],
            Ok,
        ),
        case(
            "allowed host, other case and any port",
            Hosts,
            "/",
            None,
            &[("host", "APP.example:3000")],
            Ok,
        ),
        case(
            "disallowed host",
            Hosts,
            "/",
            None,
            &[("host", "evil.example")],
            Refused(NOT_ALLOWED),
        ),
        case(
            "allowed host as a suffix of another",
            Hosts,
            "/",
            None,
            &[("host", "app.example.evil.example")],
            Refused(NOT_ALLOWED),
        ),
        case(
            "wildcard subdomain",
            Hosts,
            "/",
            None,
            &[("host", "eu.v1.api.example")],
            Ok,
        ),
        case(
            "wildcard does not cover its apex",
            Hosts,
            "/",
            None,
            &[("host", "api.example")],
            Refused(NOT_ALLOWED),
        ),
        case(
            "allowed list, missing Host",
            Hosts,
            "/",
            None,
            &[],
            Refused(MISSING),
        ),
        case(
            "IPv6 host on its port",
            Hosts,
            "/",
            None,
            &[("host", "[0:0::1]:8080")],
            Ok,
        ),
        case(
            "IPv6 host on another port",
            Hosts,
            "/",
            None,
            &[("host", "[::1]:9090")],
            Refused(NOT_ALLOWED),
        ),
        case(
            "the target's authority is checked",
            Hosts,
            "http://evil.example/",
            None,
            &[],
            Refused(NOT_ALLOWED),
        ),
        case(
            "a target's authority not allowed, behind an allowed Host",
            Hosts,
            "http://evil.example/",
            None,
            &[("host", "app.example")],
            Refused(INVALID),
        ),
        case(
            "two Host headers",
            Hosts,
            "/",
            None,
            &[("host", "app.example"), ("host", "evil.example")],
            Refused(INVALID),
        ),
        case(
            "disallowed host is refused, not redirected",
            Both,
            "/x",
            None,
            &[("host", "evil.example")],
            Refused(NOT_ALLOWED),
        ),
        case(
            "allowed host is redirected",
            Both,
            "/x",
            None,
            &[("host", "app.example")],
            Redirect("https://app.example:8443/x"),
        ),
    ];
    cases.push(Case {
        name: "posts are redirected with 308",
        method: "POST",
        ..case(
            "",
            R,
            "/submit",
            None,
            &[("host", "app.example")],
            Redirect("https://app.example:8443/submit"),
        )
    });
    for host in [
        "evil.example/path",
        "a b",
        "user@app.example",
        "app.example:80:80",
        "app.example:",
        "%61pp.example",
        "app.example\\evil",
    ] {
        for app in [R, Hosts] {
            cases.push(Case {
                name: "host that could inject",
                headers: Vec::leak(vec![("host", host)]),
                ..case("", app, "/", None, &[], Refused(INVALID))
            });
        }
    }
    cases
}

fn redirect_settings() -> HttpsRedirect {
    HttpsRedirect::new()
        .https_port(8443)
        .trust_proxy("10.0.0.0/8".parse().unwrap())
        .trust_proxy("fd00::/8".parse().unwrap())
}

fn allowed_hosts() -> AllowedHosts {
    AllowedHosts::new(["app.example", "*.api.example", "[::1]:8080"]).unwrap()
}

fn tower_app(app: App) -> Router {
    let router = Router::new().fallback(any(|| async { "ok" }));
    let redirect = secure_tower::HttpsRedirectLayer::new(redirect_settings());
    let hosts = secure_tower::AllowedHostsLayer::new(allowed_hosts());
    match app {
        App::Redirect => router.layer(redirect),
        App::Hosts => router.layer(hosts),
        App::Both => router.layer(redirect).layer(hosts),
    }
}

fn check(case: &Case, status: u16, location: Option<&str>, body: &[u8]) {
    let name = format!(
        "{} ({:?} {} {:?})",
        case.name, case.app, case.uri, case.headers
    );
    match case.answer {
        Answer::Ok => {
            assert_eq!((status, body), (200, &b"ok"[..]), "{name}");
        }
        Answer::Redirect(expected) => {
            assert_eq!(status, 308, "{name}");
            assert_eq!(location, Some(expected), "{name}");
        }
        Answer::Refused(reason) => {
            assert_eq!((status, body), (400, reason.as_bytes()), "{name}");
            assert_eq!(location, None, "{name}");
        }
    }
}

#[tokio::test]
async fn tower_table() {
    for case in cases() {
        let mut request = Request::builder().method(case.method).uri(case.uri);
        for (name, value) in case.headers {
            request = request.header(*name, *value);
        }
        let mut request = request.body(axum::body::Body::empty()).unwrap();
        if let Some(peer) = case.peer {
            request
                .extensions_mut()
                .insert(peer.parse::<SocketAddr>().unwrap());
        }
        let response = tower_app(case.app).oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.into_body().collect().await.unwrap().to_bytes();
        check(&case, status, location.as_deref(), &body);
    }
}

#[actix_web::test]
async fn actix_table() {
    let handler = || actix_web::web::to(|| async { "ok" });
    let redirect = actix_test::init_service(
        actix_web::App::new()
            .wrap(actix::HttpsRedirect::new(redirect_settings()))
            .default_service(handler()),
    )
    .await;
    let hosts = actix_test::init_service(
        actix_web::App::new()
            .wrap(actix::AllowedHosts::new(allowed_hosts()))
            .default_service(handler()),
    )
    .await;
    let both = actix_test::init_service(
        actix_web::App::new()
            .wrap(actix::HttpsRedirect::new(redirect_settings()))
            .wrap(actix::AllowedHosts::new(allowed_hosts()))
            .default_service(handler()),
    )
    .await;
    for case in cases() {
        let mut request = actix_test::TestRequest::default()
            .method(case.method.parse().unwrap())
            .uri(case.uri);
        for (name, value) in case.headers {
            request = request.append_header((*name, *value));
        }
        if let Some(peer) = case.peer {
            request = request.peer_addr(peer.parse().unwrap());
        }
        let request = request.to_request();
        let (status, location, body) = match case.app {
            App::Redirect => actix_answer(actix_test::call_service(&redirect, request).await).await,
            App::Hosts => actix_answer(actix_test::call_service(&hosts, request).await).await,
            App::Both => actix_answer(actix_test::call_service(&both, request).await).await,
        };
        check(&case, status, location.as_deref(), &body);
    }
}

async fn actix_answer<B: actix_web::body::MessageBody>(
    response: actix_web::dev::ServiceResponse<B>,
) -> (u16, Option<String>, bytes::Bytes) {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, location, actix_test::read_body(response).await)
}

/// axum's `ConnectInfo` is not read unless `peer_ip` says so: a plain `SocketAddr` is the
/// default, and anything else leaves forwarded headers untrusted.
#[tokio::test]
async fn axum_connect_info_is_read_through_peer_ip() {
    let request = |peer: &str| {
        let mut request = Request::get("/")
            .header("host", "app.example")
            .header("x-forwarded-proto", "https")
            .body(axum::body::Body::empty())
            .unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        request
    };
    let router = Router::new().fallback(any(|| async { "ok" }));
    let default = router
        .clone()
        .layer(secure_tower::HttpsRedirectLayer::new(redirect_settings()));
    let configured = router.layer(
        secure_tower::HttpsRedirectLayer::new(redirect_settings()).peer_ip(|extensions| {
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip())
        }),
    );
    let status = |response: http::Response<_>| response.status();
    assert_eq!(
        status(default.oneshot(request("10.0.0.1:1")).await.unwrap()),
        StatusCode::PERMANENT_REDIRECT
    );
    assert_eq!(
        status(
            configured
                .clone()
                .oneshot(request("10.0.0.1:1"))
                .await
                .unwrap()
        ),
        StatusCode::OK
    );
    assert_eq!(
        status(configured.oneshot(request("192.0.2.1:1")).await.unwrap()),
        StatusCode::PERMANENT_REDIRECT
    );
}

/// Plain tower services work too, and readiness is the inner service's.
#[tokio::test]
async fn plain_tower_services() {
    let service = ServiceBuilder::new()
        .layer(secure_tower::AllowedHostsLayer::new(allowed_hosts()))
        .layer(secure_tower::HttpsRedirectLayer::new(HttpsRedirect::new()))
        .service(service_fn(|_request: Request<String>| async {
            Ok::<_, Infallible>(http::Response::new(String::from("inner")))
        }));
    let request = |uri: &str, host: &str| {
        Request::get(uri)
            .header("host", host)
            .body(String::new())
            .unwrap()
    };
    let response = service
        .clone()
        .oneshot(request("/p?q=1", "x.api.example:80"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        response.headers()["location"],
        "https://x.api.example/p?q=1"
    );
    let response = service
        .clone()
        .oneshot(request("https://app.example/", "app.example"))
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::PERMANENT_REDIRECT,
        "a target that says https is still plain HTTP"
    );
    // What passes reaches the inner service: here, what a trusted proxy says is HTTPS.
    let proxied = ServiceBuilder::new()
        .layer(secure_tower::HttpsRedirectLayer::new(
            HttpsRedirect::new().trust_proxy("10.0.0.0/8".parse().unwrap()),
        ))
        .service(service_fn(|_request: Request<String>| async {
            Ok::<_, Infallible>(http::Response::new(String::from("inner")))
        }));
    let mut forwarded = request("/", "app.example");
    forwarded
        .headers_mut()
        .insert("x-forwarded-proto", http::HeaderValue::from_static("https"));
    forwarded
        .extensions_mut()
        .insert("10.1.2.3:50000".parse::<SocketAddr>().unwrap());
    let response = proxied.oneshot(forwarded).await.unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body, "inner");
    let response = service.oneshot(request("/", "evil.example")).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; charset=utf-8"
    );
}

/// Whatever bytes the Host header holds, the answer is a redirect or a refusal.
#[tokio::test]
async fn hostile_hosts_never_panic() {
    let values: [&[u8]; 9] = [
        b"",
        b"\xff\xfe",
        b"[",
        b"]:",
        b"[::1]]",
        b"app.example:65536",
        b"*.api.example",
        b"a.api.example.:8080.",
        b"x".repeat(8192).leak(),
    ];
    for value in values {
        for app in [App::Redirect, App::Hosts, App::Both] {
            let request = Request::get("/")
                .header("host", http::HeaderValue::from_bytes(value).unwrap())
                .body(axum::body::Body::empty())
                .unwrap();
            let status = tower_app(app).oneshot(request).await.unwrap().status();
            assert!(
                status == StatusCode::BAD_REQUEST || status == StatusCode::PERMANENT_REDIRECT,
                "{app:?} {value:?}: {status}"
            );
        }
    }
}

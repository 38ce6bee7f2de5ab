//! An axum application built on `secure-http` with only the `axum` feature, holding the
//! README's axum and tower snippets as written there. `cargo run -p axum-app` runs each of
//! them and checks what they assert; `cargo run -p axum-app -- serve` serves the quick-start
//! application on 127.0.0.1 (`PORT`, 3000 by default).

type Result = std::result::Result<(), Box<dyn std::error::Error>>;

/// The quick start ("Use it").
fn quick_start() -> axum::Router {
    use secure_http::integrations::tower::{CsrfLayer, SecurityHeadersLayer};
    use secure_http::{SecurityHeaders, csrf::CsrfProtection};

    let app: axum::Router = axum::Router::new()
        .route("/", axum::routing::get(|| async { "hello" }))
        .layer(CsrfLayer::new(CsrfProtection::new()))
        .layer(SecurityHeadersLayer::new(SecurityHeaders::new()));
    app
}

/// "In a web framework": a nonce'd page with a CSRF-protected form.
fn nonce_page() -> axum::Router {
    use axum::{Router, response::Html, routing::{get, post}};
    use secure_http::csrf::{CsrfProtection, CsrfToken};
    use secure_http::integrations::tower::{CsrfLayer, SecurityHeadersLayer};
    use secure_http::{CspNonce, SecurityHeaders, csp};

    async fn page(nonce: CspNonce, token: CsrfToken) -> Html<String> {
        Html(format!(
            "<script nonce=\"{nonce}\">console.log('allowed')</script>\
             <form method=post action=/submit>\
             <input type=hidden name=csrf_token value=\"{token}\"><button>Send</button></form>"
        ))
    }

    let app: Router = Router::new()
        .route("/", get(page))
        .route("/submit", post(|| async { "sent" }))
        .layer(CsrfLayer::new(CsrfProtection::new().tokens_with_generated_key()))
        .layer(SecurityHeadersLayer::new(
            SecurityHeaders::new().content_security_policy(csp! {
                ..library-default,
                script-src: nonce strict-dynamic,
            }),
        ));
    app
}

/// Serves [`nonce_page`] a page, then posts its form back as a browser would: the nonce of
/// the page is the header's, the default policy's other directives are kept, and the form
/// passes with its token and fails without it.
fn check_nonce_page() -> Result {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    tokio::runtime::Runtime::new()?.block_on(async {
        let app = nonce_page();
        let get = http::Request::get("/").header("host", "www.example.com").body(Body::empty())?;
        let response = app.clone().oneshot(get).await?;
        assert_eq!(response.status(), 200);
        let csp = response.headers()["content-security-policy"].to_str()?.to_owned();
        let cookie = response.headers()["set-cookie"].to_str()?;
        let cookie = cookie.split(';').next().unwrap_or_default().to_owned();
        let page = String::from_utf8(response.into_body().collect().await?.to_bytes().to_vec())?;
        let between = |text: &str, before: &str, after: &str| -> Option<String> {
            let start = text.find(before)? + before.len();
            Some(text[start..][..text[start..].find(after)?].to_owned())
        };
        let nonce = between(&page, "nonce=\"", "\"").ok_or("no nonce in the page")?;
        assert!(csp.contains(&format!("script-src 'nonce-{nonce}' 'strict-dynamic'")), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
        let token = between(&page, "name=csrf_token value=\"", "\"").ok_or("no token in the page")?;
        let post = |body: String| {
            http::Request::post("/submit")
                .header("host", "www.example.com")
                .header("origin", "https://www.example.com")
                .header("sec-fetch-site", "same-origin")
                .header("cookie", &cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
        };
        let sent = app.clone().oneshot(post(format!("csrf_token={token}"))?).await?;
        assert_eq!(sent.status(), 200);
        let refused = app.oneshot(post("note=no-token".to_owned())?).await?;
        assert_eq!(refused.status(), 403);
        Ok::<(), Box<dyn std::error::Error>>(())
    })?;
    Ok(())
}

/// "Violation reports": the report endpoint and `Reporting-Endpoints`.
fn report_endpoint() -> Result {
    use secure_http::integrations::tower::SecurityHeadersLayer;
    use secure_http::report::ReportEndpoint;
    use secure_http::reporting::ReportingEndpoints;
    use secure_http::{SecurityHeaders, csp};

    let layer = SecurityHeadersLayer::new(
        SecurityHeaders::new()
            .content_security_policy(csp! {
                default-src: self,
                report-uri: "/reports/csp",
                report-to: csp-endpoint,
            })
            .reporting_endpoints(ReportingEndpoints::new().endpoint("csp-endpoint", "/reports/csp")?),
    )
    .report_endpoint(
        ReportEndpoint::at("/reports/csp")?
            .with_body_limit(16 * 1024)
            .on_violation(|violation| eprintln!("{violation}")),
    );
    assert_eq!(
        layer.headers().csp().unwrap().as_str(),
        "default-src 'self'; report-uri /reports/csp; report-to csp-endpoint"
    );
    Ok(())
}

/// "CSRF protection": trusted and public origins, and a bypass.
fn csrf_settings() -> Result {
    use secure_http::csrf::{CsrfProtection, OriginCheck};
    use secure_http::integrations::tower::CsrfLayer;

    let csrf = CsrfLayer::new(
        CsrfProtection::new()
            .origin_check(
                OriginCheck::default()
                    .trust("https://partner.example".parse()?)
                    .public_origin("https://app.example".parse()?),
            )
            .bypass(|method, path| method == "POST" && path.starts_with("/webhooks/")),
    );
    drop(csrf);
    Ok(())
}

/// "HTTPS redirect and allowed hosts".
fn transport() -> Result {
    use axum::{Router, body::Body, extract::ConnectInfo, routing::get};
    use secure_http::integrations::tower::{AllowedHostsLayer, HttpsRedirectLayer};
    use secure_http::transport::{AllowedHosts, HttpsRedirect};
    use std::net::SocketAddr;
    use tower::ServiceExt;

    let app: Router = Router::new()
        .route("/docs", get(|| async { "docs" }))
        .layer(
            HttpsRedirectLayer::new(HttpsRedirect::new().trust_proxy("10.0.0.0/8".parse()?))
                .peer_ip(|ext| ext.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip())),
        )
        .layer(AllowedHostsLayer::new(AllowedHosts::new(["app.example", "*.app.example"])?));
    // Serve it with `app.into_make_service_with_connect_info::<SocketAddr>()`.

    tokio::runtime::Runtime::new()?.block_on(async {
        let request = |host| http::Request::get("/docs?page=2").header("host", host).body(Body::empty());
        let response = app.clone().oneshot(request("app.example:80")?).await?;
        assert_eq!(response.status(), 308);
        assert_eq!(response.headers()["location"], "https://app.example/docs?page=2");
        let response = app.oneshot(request("evil.example")?).await?;
        assert_eq!(response.status(), 400); // "host not allowed"
        Ok::<(), Box<dyn std::error::Error>>(())
    })?;
    Ok(())
}

fn main() -> Result {
    let app = quick_start();
    check_nonce_page()?;
    report_endpoint()?;
    csrf_settings()?;
    transport()?;
    if std::env::args().nth(1).as_deref() != Some("serve") {
        println!("axum-app: every README snippet built and checked");
        return Ok(());
    }
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3000);
    tokio::runtime::Runtime::new()?.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        println!("axum-app listening on http://127.0.0.1:{port}/");
        axum::serve(listener, app).await?;
        Ok(())
    })
}

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

/// "In a web framework": a nonce'd page.
fn nonce_page() -> axum::Router {
    use axum::{Router, routing::get, response::Html};
    use secure_http::integrations::tower::SecurityHeadersLayer;
    use secure_http::{CspNonce, SecurityHeaders, csp};

    async fn page(nonce: CspNonce) -> Html<String> {
        Html(format!("<script nonce=\"{nonce}\">console.log('allowed')</script>"))
    }

    let app: Router = Router::new().route("/", get(page)).layer(SecurityHeadersLayer::new(
        SecurityHeaders::new().content_security_policy(csp! {
            default-src: none,
            script-src: nonce strict-dynamic,
            base-uri: none,
        }),
    ));
    app
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
    let _ = nonce_page();
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

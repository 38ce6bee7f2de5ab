//! A poem application built on `secure-http` with only the `poem` feature, holding the
//! README's poem snippet as written there. `cargo run -p poem-app` sends requests through it
//! with poem's test client and checks the answers.

use poem::{Endpoint, http::StatusCode, test::TestClient};

/// "In a web framework", poem.
fn app() -> impl Endpoint {
    use poem::{EndpointExt, Route, get, handler, web::Html};
    use secure_http::csrf::{CsrfProtection, CsrfToken};
    use secure_http::integrations::poem::SecureMiddleware;
    use secure_http::pipeline::Pipeline;
    use secure_http::{CspNonce, SecurityHeaders, csp};

    #[handler]
    fn page(nonce: CspNonce, token: CsrfToken) -> Html<String> {
        Html(format!(
            "<script nonce=\"{nonce}\">go()</script>\
             <form method=post><input type=hidden name=csrf_token value=\"{token}\"></form>"
        ))
    }

    let pipeline = Pipeline::new(SecurityHeaders::new().content_security_policy(csp! {
        ..library-default,
        script-src: nonce strict-dynamic,
    }))
    .csrf(CsrfProtection::new().tokens_with_generated_key());
    let app = Route::new().at("/", get(page)).with(SecureMiddleware::new(pipeline));
    app
}

#[tokio::main]
async fn main() {
    let client = TestClient::new(app());
    let response = client.get("/").header("host", "app.example").send().await;
    response.assert_status_is_ok();
    let headers = response.0.headers().clone();
    let body = response.0.into_body().into_string().await.unwrap();
    let nonce = body["<script nonce=\"".len()..].split('"').next().unwrap();
    assert_eq!(
        headers["content-security-policy"],
        format!("default-src 'none'; script-src 'nonce-{nonce}' 'strict-dynamic'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; upgrade-insecure-requests; report-uri /csp-report")
    );
    assert_eq!(
        headers["strict-transport-security"],
        "max-age=31536000; includeSubDomains; preload"
    );
    assert!(headers["set-cookie"].to_str().unwrap().starts_with("__Host-csrf="));
    let forged = client
        .post("/")
        .header("host", "app.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await;
    forged.assert_status(StatusCode::FORBIDDEN);
    forged.assert_text("cross-origin request").await;
    let missing = client.get("/nowhere").header("host", "app.example").send().await;
    missing.assert_status(StatusCode::NOT_FOUND);
    assert!(missing.0.headers().contains_key("content-security-policy"));
    println!("poem-app: the README's poem snippet sends the headers and refuses a forgery");
}

//! A salvo application built on `secure-http` with only the `salvo` feature, holding the
//! README's salvo snippet as written there. `cargo run -p salvo-app` sends requests through
//! it with salvo's test client and checks the answers.

use salvo::Service;
use salvo::http::StatusCode;
use salvo::test::{ResponseExt, TestClient};

/// "In a web framework", salvo.
fn service() -> Service {
    use salvo::writing::Text;
    use salvo::{Depot, Router, Service, handler};
    use secure_http::csrf::CsrfProtection;
    use secure_http::integrations::salvo::{SecureDepot, SecureHoop};
    use secure_http::pipeline::Pipeline;
    use secure_http::{SecurityHeaders, csp};

    #[handler]
    fn page(depot: &mut Depot) -> Text<String> {
        let nonce = depot.csp_nonce().expect("a nonce from SecureHoop");
        let token = depot.csrf_token().expect("a token from SecureHoop");
        Text::Html(format!(
            "<script nonce=\"{nonce}\">go()</script>\
             <form method=post><input type=hidden name=csrf_token value=\"{token}\"></form>"
        ))
    }

    let pipeline = Pipeline::new(SecurityHeaders::new().content_security_policy(csp! {
        ..library-default,
        script-src: nonce strict-dynamic,
    }))
    .csrf(CsrfProtection::new().tokens_with_generated_key());
    let service = Service::new(Router::new().get(page)).hoop(SecureHoop::new(pipeline));
    service
}

#[tokio::main]
async fn main() {
    let service = service();
    let mut response = TestClient::get("http://app.example/").send(&service).await;
    assert_eq!(response.status_code, Some(StatusCode::OK));
    let headers = response.headers().clone();
    let body = response.take_string().await.unwrap();
    let nonce = body["<script nonce=\"".len()..].split('"').next().unwrap();
    assert_eq!(
        headers["content-security-policy"],
        format!(
            "default-src 'none'; script-src 'nonce-{nonce}' 'strict-dynamic'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; upgrade-insecure-requests; report-uri /csp-report"
        )
    );
    assert_eq!(
        headers["strict-transport-security"],
        "max-age=31536000; includeSubDomains; preload"
    );
    assert!(
        headers["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("__Host-csrf=")
    );
    let token = body
        .split("value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(token.len() > 20, "a CSRF token in the form: {body}");
    let mut forged = TestClient::post("http://app.example/")
        .add_header("sec-fetch-site", "cross-site", true)
        .send(&service)
        .await;
    assert_eq!(forged.status_code, Some(StatusCode::FORBIDDEN));
    assert_eq!(forged.take_string().await.unwrap(), "cross-origin request");
    let missing = TestClient::get("http://app.example/nowhere")
        .send(&service)
        .await;
    assert_eq!(missing.status_code, Some(StatusCode::NOT_FOUND));
    assert!(missing.headers().contains_key("content-security-policy"));
    println!("salvo-app: the README's salvo snippet sends the headers and refuses a forgery");
}

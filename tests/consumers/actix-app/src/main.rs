//! An actix-web application built on `secure-http` with only the `actix-web` feature,
//! holding the README's actix-web snippets as written there. `cargo run -p actix-app` builds
//! the quick-start application and answers one request through it; `cargo run -p actix-app --
//! serve` serves the README's server on 127.0.0.1:8080.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};

/// The quick start ("Use it").
fn quick_start() -> actix_web::App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    use secure_http::integrations::actix::{Csrf, SecureHeaders};
    use secure_http::{SecurityHeaders, csrf::CsrfProtection};

    let app = actix_web::App::new()
        .route("/", actix_web::web::get().to(|| async { "hello" }))
        .wrap(Csrf::new(CsrfProtection::new()))
        .wrap(SecureHeaders::new(SecurityHeaders::new()));
    app
}

/// "In a web framework": the server.
async fn run() -> std::io::Result<()> {
    use actix_web::{App, HttpServer, web};
    use secure_http::integrations::actix::SecureHeaders;
    use secure_http::{SecurityHeaders, csp};

    let headers = SecurityHeaders::new().content_security_policy(csp! { default-src: self });
    HttpServer::new(move || {
        App::new()
            .wrap(SecureHeaders::new(headers.clone()))
            .route("/", web::get().to(|| async { "hello" }))
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("serve") {
        println!("actix-app listening on http://127.0.0.1:8080/");
        return run().await;
    }
    let app = actix_web::test::init_service(quick_start()).await;
    let response =
        actix_web::test::call_service(&app, actix_web::test::TestRequest::get().uri("/").to_request())
            .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers().get("x-content-type-options").unwrap(), "nosniff");
    assert!(response.headers().contains_key("content-security-policy"));
    let forged = actix_web::test::TestRequest::post()
        .uri("/")
        .insert_header(("sec-fetch-site", "cross-site"))
        .to_request();
    let response = actix_web::test::call_service(&app, forged).await;
    assert_eq!(response.status(), 403);
    println!("actix-app: the README's application sends the headers and refuses a forged post");
    Ok(())
}

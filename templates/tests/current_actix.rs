//! The task-local nonce and CSRF token under actix-web: `CurrentNonce` inside
//! `SecureHeaders` and `Csrf`. actix-web runs many requests on one thread, interleaved, so
//! this is where a value kept per thread rather than per task would leak from one request
//! into another.

mod common;

use actix_web::{App, HttpResponse, test, web};
use secure_http::CspNonce;
use secure_http::csrf::{CsrfProtection, CsrfToken};
use secure_http::integrations::actix::{Csrf, CurrentNonce, SecureHeaders};
use std::sync::Arc;
use tokio::sync::Barrier;

fn render() -> String {
    let nonce = CspNonce::current().expect("a nonce");
    let token = CsrfToken::current().expect("a CSRF token");
    format!("<script nonce=\"{nonce}\">go()</script><meta name=csrf content=\"{token}\">")
}

#[actix_web::test]
async fn interleaved_requests_on_one_thread_each_render_their_own_nonce() {
    let barrier = Arc::new(Barrier::new(2));
    let app = test::init_service(
        App::new()
            .app_data(web::Data::new(barrier))
            .route(
                "/",
                web::get().to(
                    |barrier: web::Data<Arc<Barrier>>, token: CsrfToken| async move {
                        let before = render();
                        // Both requests are now in flight on this one thread.
                        barrier.wait().await;
                        let after = render();
                        assert_eq!(before, after, "another request's values leaked in");
                        assert_eq!(CsrfToken::current(), Some(token));
                        HttpResponse::Ok().content_type("text/html").body(after)
                    },
                ),
            )
            .wrap(CurrentNonce::new())
            .wrap(Csrf::new(CsrfProtection::new().tokens_with_generated_key()))
            .wrap(SecureHeaders::new(common::headers())),
    )
    .await;
    let request = || {
        test::TestRequest::get()
            .uri("/")
            .insert_header(("host", "app.example"))
            .to_request()
    };
    let (first, second) = tokio::join!(
        test::call_service(&app, request()),
        test::call_service(&app, request())
    );
    let mut nonces = Vec::new();
    for response in [first, second] {
        assert_eq!(response.status(), 200);
        let csp = response
            .headers()
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let header_nonce = common::nonce_in_header(&csp);
        let body = test::read_body(response).await;
        let body = std::str::from_utf8(&body).unwrap();
        assert_eq!(common::nonce_attributes(body), [header_nonce.as_str()]);
        nonces.push(header_nonce);
    }
    assert_ne!(nonces[0], nonces[1]);
    assert_eq!(CspNonce::current(), None);
}

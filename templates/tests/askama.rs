//! askama: the nonce from the axum extractor, a field of the template, and the README's
//! askama snippet word for word.

mod common;

use axum::{Router, routing::get};
use secure_http::integrations::tower::SecurityHeadersLayer;

// "Templates and server-side rendering", askama.
use askama::Template;
use axum::{http::StatusCode, response::Html};
use secure_http::CspNonce;

#[derive(Template)]
#[template(source = r#"<script nonce="{{ nonce }}">go()</script>"#, ext = "html")]
struct Page {
    nonce: CspNonce,
}

async fn page(nonce: CspNonce) -> Result<Html<String>, StatusCode> {
    let page = Page { nonce }
        .render()
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Html(page))
}
// End of the snippet.

#[tokio::test]
async fn the_page_carries_the_nonce_of_its_header() {
    let app = Router::new()
        .route("/", get(page))
        .layer(SecurityHeadersLayer::new(common::headers()));
    let fetched = common::get(app).await;
    // askama escapes `&<>"'` only: the base64 nonce is written as it is.
    assert_eq!(
        fetched.body,
        format!("<script nonce=\"{}\">go()</script>", fetched.header_nonce)
    );
}

#[test]
fn askama_leaves_the_base64_alphabet_alone() {
    #[derive(Template)]
    #[template(source = r#"<script nonce="{{ nonce }}">"#, ext = "html")]
    struct Tag<'a> {
        nonce: &'a str,
    }
    let tag = Tag { nonce: "ab+/cd==" }.render().unwrap();
    assert_eq!(tag, r#"<script nonce="ab+/cd==">"#);
    let hostile = Tag { nonce: "\"><x>" }.render().unwrap();
    assert_eq!(hostile, r#"<script nonce="&#34;&#62;&#60;x&#62;">"#);
}

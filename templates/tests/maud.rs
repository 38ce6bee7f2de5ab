//! maud: the nonce from the axum extractor, and from the task-local in a layout function
//! that has no request in reach; the README's maud snippet word for word.

mod common;

use axum::{Router, routing::get};
use secure_http::integrations::tower::{CurrentNonceLayer, SecurityHeadersLayer};

// "Templates and server-side rendering", maud.
use maud::{Markup, html};
use secure_http::CspNonce;

async fn page(nonce: CspNonce) -> Markup {
    html! {
        script nonce=(nonce) { "go()" }
    }
}
// End of the snippet.

/// A layout that finds the nonce itself, through `CspNonce::current()`.
fn layout(content: Markup) -> Markup {
    let nonce = CspNonce::current().expect("inside CurrentNonceLayer");
    html! {
        main { (content) }
        script nonce=(nonce) src="/app.js" {}
    }
}

async fn page_with_layout() -> Markup {
    layout(html! { p { "hello" } })
}

#[tokio::test]
async fn the_page_carries_the_nonce_of_its_header() {
    let app = Router::new()
        .route("/", get(page))
        .layer(SecurityHeadersLayer::new(common::headers()));
    let fetched = common::get(app).await;
    // maud escapes `&<>"` only: the base64 nonce is written as it is.
    assert_eq!(
        fetched.body,
        format!("<script nonce=\"{}\">go()</script>", fetched.header_nonce)
    );
}

#[tokio::test]
async fn a_layout_reads_the_nonce_of_the_request_from_the_task_local() {
    let app = Router::new()
        .route("/", get(page_with_layout))
        .layer(CurrentNonceLayer::new())
        .layer(SecurityHeadersLayer::new(common::headers()));
    let fetched = common::get(app).await;
    assert_eq!(
        fetched.body,
        format!(
            "<main><p>hello</p></main><script nonce=\"{}\" src=\"/app.js\"></script>",
            fetched.header_nonce
        )
    );
}

#[test]
fn maud_leaves_the_base64_alphabet_alone() {
    let tag = |nonce: &str| html! { script nonce=(nonce) {} }.into_string();
    assert_eq!(tag("ab+/cd=="), r#"<script nonce="ab+/cd=="></script>"#);
    assert_eq!(
        tag("\"><x>"),
        r#"<script nonce="&quot;&gt;&lt;x&gt;"></script>"#
    );
}

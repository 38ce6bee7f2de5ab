//! tera 2: the nonce from the axum extractor, put in the context; the README's tera snippet
//! word for word.

mod common;

use axum::{Router, routing::get};
use secure_http::integrations::tower::SecurityHeadersLayer;

// "Templates and server-side rendering", tera.
use axum::{extract::State, http::StatusCode, response::Html};
use secure_http::CspNonce;
use std::sync::Arc;
use tera::{Context, Tera};

async fn page(State(tera): State<Arc<Tera>>, nonce: CspNonce) -> Result<Html<String>, StatusCode> {
    let mut context = Context::new();
    context.insert("nonce", nonce.as_str());
    let page = tera.render("page.html", &context);
    Ok(Html(page.map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?))
}

fn templates() -> tera::TeraResult<Tera> {
    let mut tera = Tera::new();
    // `.html`: tera escapes what it writes into templates whose name ends so.
    tera.add_raw_template("page.html", r#"<script nonce="{{ nonce }}">go()</script>"#)?;
    Ok(tera)
}
// End of the snippet.

#[tokio::test]
async fn the_page_carries_the_nonce_of_its_header() {
    let app = Router::new()
        .route("/", get(page))
        .with_state(Arc::new(templates().unwrap()))
        .layer(SecurityHeadersLayer::new(common::headers()));
    let fetched = common::get(app).await;
    // tera 2 escapes `&<>"'` only (tera 1 also wrote `/` as `&#x2F;`).
    assert_eq!(
        fetched.body,
        format!("<script nonce=\"{}\">go()</script>", fetched.header_nonce)
    );
}

#[test]
fn tera_leaves_the_base64_alphabet_alone() {
    let tera = templates().unwrap();
    let tag = |nonce: &str| {
        let mut context = Context::new();
        context.insert("nonce", nonce);
        tera.render("page.html", &context).unwrap()
    };
    assert_eq!(tag("ab+/cd=="), r#"<script nonce="ab+/cd==">go()</script>"#);
    assert_eq!(
        tag("\"><x>"),
        r#"<script nonce="&quot;&gt;&lt;x&gt;">go()</script>"#
    );
}

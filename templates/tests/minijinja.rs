//! minijinja: the nonce through the task-local, as a template function that any template
//! (a layout, an include) can call without the handler passing it down; and through the
//! axum extractor into the context. The README's minijinja snippet word for word.

mod common;

use axum::{Router, routing::get};
use secure_http::integrations::tower::{CurrentNonceLayer, SecurityHeadersLayer};

// "Templates and server-side rendering", minijinja.
use axum::{extract::State, http::StatusCode, response::Html};
use minijinja::{Environment, Error, ErrorKind, context};
use secure_http::CspNonce;
use std::sync::Arc;

fn templates() -> Result<Environment<'static>, Error> {
    let mut templates = Environment::new();
    // `{{ csp_nonce() }}` in any template: the nonce of the request being rendered.
    templates.add_function("csp_nonce", || {
        let nonce = CspNonce::current().map(|nonce| nonce.to_string());
        nonce.ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "no CurrentNonceLayer"))
    });
    templates.add_template(
        "page.html",
        r#"<script nonce="{{ csp_nonce() }}">go()</script>"#,
    )?;
    Ok(templates)
}

async fn page(
    State(templates): State<Arc<Environment<'static>>>,
) -> Result<Html<String>, StatusCode> {
    let page = templates
        .get_template("page.html")
        .and_then(|page| page.render(context! {}));
    Ok(Html(page.map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?))
}
// End of the snippet.

async fn page_from_extractor(nonce: CspNonce) -> Html<String> {
    let mut templates = Environment::new();
    templates
        .add_template("tag.html", r#"<script nonce="{{ nonce }}">go()</script>"#)
        .unwrap();
    let tag = templates.get_template("tag.html").unwrap();
    Html(tag.render(context! { nonce => nonce.as_str() }).unwrap())
}

/// What minijinja writes for the base64 alphabet: `/` as `&#x2f;`.
fn escaped(nonce: &str) -> String {
    nonce.replace('/', "&#x2f;")
}

#[tokio::test]
async fn a_template_function_writes_the_nonce_of_the_request_from_the_task_local()
-> Result<(), Error> {
    let headers = common::headers();
    // "Templates and server-side rendering", the task-local.
    let app = Router::new()
        .route("/", get(page))
        .with_state(Arc::new(templates()?))
        .layer(CurrentNonceLayer::new())
        .layer(SecurityHeadersLayer::new(headers));
    // End of the snippet.
    let fetched = common::get(app).await;
    assert_eq!(
        fetched.body,
        format!(
            "<script nonce=\"{}\">go()</script>",
            escaped(&fetched.header_nonce)
        )
    );
    let [attribute] = common::nonce_attributes(&fetched.body)[..] else {
        panic!("one nonce attribute: {}", fetched.body)
    };
    assert_eq!(common::as_browser_reads(attribute), fetched.header_nonce);
    Ok(())
}

#[tokio::test]
async fn the_extractor_s_nonce_in_the_context_is_the_header_s() {
    let app = Router::new()
        .route("/", get(page_from_extractor))
        .layer(SecurityHeadersLayer::new(common::headers()));
    let fetched = common::get(app).await;
    let [attribute] = common::nonce_attributes(&fetched.body)[..] else {
        panic!("one nonce attribute: {}", fetched.body)
    };
    assert_eq!(attribute, escaped(&fetched.header_nonce));
    assert_eq!(common::as_browser_reads(attribute), fetched.header_nonce);
}

#[tokio::test]
async fn without_the_layer_rendering_fails_instead_of_writing_no_nonce() {
    let app = Router::new()
        .route("/", get(page))
        .with_state(Arc::new(templates().unwrap()))
        .layer(SecurityHeadersLayer::new(common::headers()));
    let request = http::Request::get("/")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app, request).await.unwrap();
    assert_eq!(response.status(), 500);
}

#[test]
fn minijinja_writes_the_slash_as_a_character_reference() {
    let mut templates = Environment::new();
    templates
        .add_template("tag.html", r#"<script nonce="{{ nonce }}">"#)
        .unwrap();
    let tag = |nonce: &str| {
        let tag = templates.get_template("tag.html").unwrap();
        tag.render(context! { nonce => nonce }).unwrap()
    };
    assert_eq!(tag("ab+/cd=="), r#"<script nonce="ab+&#x2f;cd==">"#);
    assert_eq!(tag("\"><x>"), r#"<script nonce="&quot;&gt;&lt;x&gt;">"#);
}

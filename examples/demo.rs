//! The demo: an axum server with the security headers on every response.
//!
//! `cargo run --example demo`, then open http://127.0.0.1:3000/ (`PORT` changes the port).
//! The page runs an inline script carrying this response's nonce, tries one without it
//! (the browser blocks it and posts a violation report), and shows the headers it was
//! served with and the reports received so far. Reports are logged to stdout.
//!
//! It also has a form posting to `/submit` with a hidden `csrf_token` field, and a button
//! that posts with `fetch` and the `x-csrf-token` header. CSRF protection checks both the
//! origin of each post and its token; set `CSRF_KEY` (32 bytes, base64) to keep tokens valid
//! across restarts.

use axum::extract::{Form, State};
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use axum::{Json, Router};
use http::HeaderMap;
use secure_http::csrf::{CsrfKey, CsrfKeys, CsrfProtection, CsrfToken};
use secure_http::integrations::tower::{CsrfLayer, SecurityHeadersLayer};
use secure_http::report::{CspViolation, ReportEndpoint};
use secure_http::{CspNonce, SecurityHeaders};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

/// The violation reports received, newest last, at most this many.
const KEPT_REPORTS: usize = 50;

#[derive(Clone)]
struct AppState {
    headers: SecurityHeaders,
    reports: Arc<Mutex<Vec<CspViolation>>>,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();

    let reports = Arc::new(Mutex::new(Vec::new()));
    let sink = reports.clone();
    let endpoint = ReportEndpoint::default().on_violation(move |violation| {
        let mut reports = sink.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if reports.len() == KEPT_REPORTS {
            reports.remove(0);
        }
        reports.push(violation.clone());
    });
    let layer = SecurityHeadersLayer::new(
        // The secure defaults with the nonce-based CSP (`presets::STRICT`): every header of the
        // README's table. On 127.0.0.1 the responses are development responses: no HSTS and
        // no `upgrade-insecure-requests`.
        SecurityHeaders::strict(),
    )
    .report_endpoint(endpoint);

    let state = AppState {
        headers: layer.headers().clone(),
        reports,
    };
    let csrf = match std::env::var("CSRF_KEY") {
        Ok(key) => CsrfProtection::new().tokens(CsrfKeys::new(
            CsrfKey::from_base64(&key).expect("CSRF_KEY must be 32 or more bytes in base64"),
        )),
        Err(_) => CsrfProtection::new().tokens_with_generated_key(),
    };

    // The CSRF layer inside the headers layer, so refusals carry the headers too.
    let app = Router::new()
        .route("/", get(page))
        .route("/submit", post(submit))
        .route("/reports", get(received_reports))
        .with_state(state)
        .layer(CsrfLayer::new(csrf))
        .layer(layer);

    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port.parse().expect("PORT must be a port number"),
        Err(_) => 3000,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap_or_else(|error| panic!("cannot listen on 127.0.0.1:{port}: {error}"));
    println!(
        "secure demo listening on http://{}/",
        listener
            .local_addr()
            .expect("a bound socket has an address")
    );
    axum::serve(listener, app).await.expect("server error");
}

async fn page(
    State(state): State<AppState>,
    request_headers: HeaderMap,
    nonce: CspNonce,
    csrf_token: CsrfToken,
) -> impl IntoResponse {
    // The same call the layer makes after this handler returns, with the same nonce and host.
    let host = request_headers.get("host").and_then(|h| h.to_str().ok());
    let mut shown = http::Response::new(());
    state
        .headers
        .apply_to_response_for(&mut shown, Some(&nonce), host);
    let served = shown.headers();
    let mut headers = String::new();
    for (name, value) in served {
        let value = value.to_str().unwrap_or("<not text>");
        let _ = writeln!(headers, "{name}: {}", escape(value));
    }
    let reports = report_items(&state.reports.lock().unwrap_or_else(|p| p.into_inner()));
    Html(format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="csrf-token" content="{csrf_token}">
<title>secure demo</title>
<style nonce="{nonce}">
  body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; }}
  pre {{ background: #f4f4f4; padding: 1rem; white-space: pre-wrap; word-break: break-all; }}
  .ok {{ color: #080; }} .bad {{ color: #b00; }}
</style>
</head>
<body>
<h1>secure demo</h1>
<p id="with-nonce" class="bad">The script with this response's nonce has not run.</p>
<p id="without-nonce" class="ok">The inline script without a nonce did not run: the browser blocked it and sent a report.</p>
<script nonce="{nonce}">
  const ran = document.getElementById('with-nonce');
  ran.textContent = "The script with this response's nonce ran.";
  ran.className = 'ok';
</script>
<script>
  const leaked = document.getElementById('without-nonce');
  leaked.textContent = 'The inline script without a nonce ran: CSP is not enforced!';
  leaked.className = 'bad';
</script>
<h2>A form protected against CSRF</h2>
<form method="post" action="/submit">
  <input type="hidden" name="csrf_token" value="{csrf_token}">
  <input name="message" value="hello" aria-label="message">
  <button id="submit-form">Post the form</button>
</form>
<p><button id="submit-fetch">Post with fetch and the x-csrf-token header</button> <span id="fetch-result"></span></p>
<script nonce="{nonce}">
  document.getElementById('submit-fetch').addEventListener('click', async () => {{
    const token = document.querySelector('meta[name="csrf-token"]').content;
    const response = await fetch('/submit', {{
      method: 'POST',
      headers: {{ 'x-csrf-token': token, 'content-type': 'application/x-www-form-urlencoded' }},
      body: 'message=from+fetch',
    }});
    document.getElementById('fetch-result').textContent = `${{response.status}} ${{await response.text()}}`;
  }});
</script>
<h2>Headers of this response</h2>
<pre>{headers}</pre>
<h2>Violation reports received</h2>
<ul id="reports">{reports}</ul>
<script nonce="{nonce}">
  async function refresh() {{
    const response = await fetch('/reports');
    const reports = await response.json();
    const list = document.getElementById('reports');
    list.replaceChildren(...reports.map(r => {{
      const item = document.createElement('li');
      item.textContent = `${{r.effective_directive}} blocked ${{r.blocked_uri}} on ${{r.document_uri}}`;
      return item;
    }}));
    if (reports.length === 0) list.textContent = 'none yet';
  }}
  setInterval(refresh, 2000);
</script>
</body>
</html>
"#
    ))
}

#[derive(serde::Deserialize)]
struct Submission {
    message: String,
}

async fn submit(Form(submission): Form<Submission>) -> Html<String> {
    Html(format!(
        "<!doctype html><title>submitted</title><p id=\"submitted\">Received: {}</p><p><a href=\"/\">back</a></p>",
        escape(&submission.message)
    ))
}

async fn received_reports(State(state): State<AppState>) -> Json<Vec<CspViolation>> {
    Json(
        state
            .reports
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
    )
}

fn report_items(reports: &[CspViolation]) -> String {
    if reports.is_empty() {
        return "none yet".to_owned();
    }
    reports
        .iter()
        .map(|r| format!("<li>{}</li>", escape(&r.to_string())))
        .collect()
}

/// Report fields come from the network: escape them before they go into HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

//! The demo: an axum server with the security headers on every response.
//!
//! `cargo run --example demo`, then open http://127.0.0.1:3000/ (`PORT` changes the port).
//! The page runs an inline script carrying this response's nonce, tries one without it
//! (the browser blocks it and posts a violation report, which the page waits for and shows),
//! and shows the headers it was really sent with and the reports received so far. Reports
//! are logged to stdout.
//!
//! `/learn` is sent with a report-only policy alone: what it would block runs, the browser
//! reports it, and the page shows the violations collected so far (a `ViolationAggregate` on
//! the report endpoint) with the policy change `report::learn::suggest` makes of them, as a
//! header and as `csp!`, refreshed every two seconds.
//!
//! It also has a form posting to `/submit` with a hidden `csrf_token` field, and buttons
//! that post with `fetch`, with and without the `x-csrf-token` header. CSRF protection checks
//! both the origin of each post and its token; set `CSRF_KEY` (32 bytes, base64) to keep
//! tokens valid across restarts.
//!
//! # Where the page gets each piece of truth
//!
//! - The headers: a middleware placed outside every security layer (the outermost `.layer`)
//!   records the final headers of each page response, and the page's script fetches them
//!   from `/sent-headers`. A script cannot read its own page's headers, and a `fetch` of the
//!   page would be another response (another nonce, maybe no cookie) whose `Set-Cookie` the
//!   browser hides anyway; the recording is the response this page came in.
//! - Development mode: the recording says whether the host was a loopback host
//!   ([`SecurityHeaders::is_development_host`], the check the layer makes), and the script
//!   looks for Strict-Transport-Security in the recorded headers.
//! - The blocked script: `/reports` numbers every report; the page waits for an inline
//!   `script-src`/`script-src-elem` report on its own URL received after it was served.
//! - The fetch buttons: `/submit` answers JSON to requests that accept it; a refusal is the
//!   CSRF layer's plain-text reason.

use axum::extract::{Form, Query, Request, State};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use http::{HeaderMap, StatusCode, Uri, header};
use secure_http::csrf::{CsrfKey, CsrfKeys, CsrfProtection, CsrfToken};
use secure_http::integrations::tower::{CsrfLayer, SecurityHeadersLayer};
use secure_http::report::{CspViolation, ReportEndpoint, ViolationAggregate, learn};
use secure_http::{ContentSecurityPolicy, CspNonce, CspOverride, SecurityHeaders, csp};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

/// The violation reports kept, newest last.
const KEPT_REPORTS: usize = 50;
/// The pages whose headers are kept for `/sent-headers`, newest last.
const KEPT_PAGES: usize = 50;
/// A host that is not a loopback host, to show what production responses get.
const PRODUCTION_HOST: &str = "app.example.com";

#[derive(Clone)]
struct AppState {
    /// The headers the security layer sends, for its development-host check.
    headers: SecurityHeaders,
    /// The HSTS value a request for a production host gets, if any.
    production_hsts: Option<String>,
    reports: Arc<Mutex<Reports>>,
    pages: Arc<Mutex<VecDeque<SentPage>>>,
    /// The violations received, grouped: what `/learn` suggests from.
    aggregate: ViolationAggregate,
}

/// The violation reports received, each numbered in order of arrival.
#[derive(Default)]
struct Reports {
    received: u64,
    kept: VecDeque<ReceivedReport>,
}

#[derive(Clone, serde::Serialize)]
struct ReceivedReport {
    /// 1 for the first report since the server started.
    number: u64,
    /// The report in one line.
    summary: String,
    #[serde(flatten)]
    violation: CspViolation,
}

/// Put on a page response by its handler, so that the recording middleware knows it and
/// the page can ask for its headers by this key.
#[derive(Clone)]
struct PageKey(String);

/// A page response as it left the application.
#[derive(Clone, serde::Serialize)]
struct SentPage {
    #[serde(skip)]
    key: String,
    /// The `Host` of the request (or its URI's authority).
    host: Option<String>,
    /// Whether the security layer made it a development response.
    development: bool,
    /// Name and value, in the order they are written, the CSRF cookie's value withheld.
    headers: Vec<(String, String)>,
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        // Colours only on a terminal, not in a file the output is sent to.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();

    let app = app();
    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port.parse().expect("PORT must be a port number"),
        Err(_) => 3000,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap_or_else(|error| panic!("cannot listen on 127.0.0.1:{port}: {error}"));
    println!(
        "secure-http demo listening on http://{}/",
        listener
            .local_addr()
            .expect("a bound socket has an address")
    );
    println!(
        "development mode on loopback hosts is on (`.development_on_loopback(true)`): \
         responses for localhost and 127.0.0.1 have no Strict-Transport-Security; \
         try another Host, e.g. `curl -si -H 'Host: {PRODUCTION_HOST}' http://127.0.0.1:{port}/`"
    );
    axum::serve(listener, app).await.expect("server error");
}

/// The demo's routes and layers: the security headers, the report endpoint with its
/// aggregate, CSRF protection and the header recorder. Also served by the browser suite's
/// test of `/learn` (`e2e/tests/e2e.rs`), which includes this file as a module.
pub(crate) fn app() -> Router {
    let reports = Arc::new(Mutex::new(Reports::default()));
    let sink = reports.clone();
    let aggregate = ViolationAggregate::default();
    let endpoint = ReportEndpoint::default()
        .with_aggregate(aggregate.clone())
        .on_violation(move |violation| {
            let mut reports = lock(&sink);
            reports.received += 1;
            let report = ReceivedReport {
                number: reports.received,
                summary: violation.to_string(),
                violation: violation.clone(),
            };
            if reports.kept.len() == KEPT_REPORTS {
                reports.kept.pop_front();
            }
            reports.kept.push_back(report);
        });
    let layer = SecurityHeadersLayer::new(
        // The secure defaults with the nonce-based CSP (`presets::STRICT`): every header of the
        // README's table. This is a development server, so it asks for development responses
        // on loopback hosts: on 127.0.0.1 no HSTS and no `upgrade-insecure-requests`. (The
        // library never does this by itself: a request's host cannot tell a developer from
        // a proxy in production.)
        SecurityHeaders::strict().development_on_loopback(true),
    )
    .report_endpoint(endpoint);

    // Not what any response got: what the same headers give a request for a production
    // host, for the page to say what HSTS it would send there.
    let mut production = http::Response::new(());
    layer
        .headers()
        .apply_to_response_for(&mut production, None, Some(PRODUCTION_HOST));
    let production_hsts = production
        .headers()
        .get(header::STRICT_TRANSPORT_SECURITY)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());

    let state = AppState {
        headers: layer.headers().clone(),
        production_hsts,
        reports,
        pages: Arc::default(),
        aggregate,
    };
    let csrf = match std::env::var("CSRF_KEY") {
        Ok(key) => CsrfProtection::new().tokens(CsrfKeys::new(
            CsrfKey::from_base64(&key).expect("CSRF_KEY must be 32 or more bytes in base64"),
        )),
        Err(_) => CsrfProtection::new().tokens_with_generated_key(),
    };

    // The CSRF layer inside the headers layer, so refusals carry the headers too. The
    // recorder outside both, so it sees each page response as it leaves the application.
    Router::new()
        .route("/", get(page))
        .route("/submit", post(submit))
        .route("/reports", get(received_reports))
        .route("/sent-headers", get(sent_headers))
        .route("/learn", get(learn_page))
        .route("/learn/suggestion", get(learn_suggestion))
        .with_state(state.clone())
        .layer(CsrfLayer::new(csrf))
        .layer(layer)
        .layer(axum::middleware::from_fn_with_state(
            state,
            record_sent_headers,
        ))
}

/// The outermost middleware: records the headers of every response that carries a
/// [`PageKey`], after the CSRF layer (`Set-Cookie`, `Vary`) and the security layer have
/// added theirs. Only hyper writes after it, adding `content-length` and `date`.
async fn record_sent_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // The host the security layer decides by: the `Host` header, or the URI's authority.
    let host = request_host(request.headers(), request.uri());
    let development = state.headers.is_development_host(host.as_deref());
    let response = next.run(request).await;
    if let Some(PageKey(key)) = response.extensions().get::<PageKey>() {
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes());
                let value = if name == header::SET_COOKIE {
                    withhold_cookie_value(&value)
                } else {
                    value.into_owned()
                };
                (name.as_str().to_owned(), value)
            })
            .collect();
        let mut pages = lock(&state.pages);
        if pages.len() == KEPT_PAGES {
            pages.pop_front();
        }
        pages.push_back(SentPage {
            key: key.clone(),
            host,
            development,
            headers,
        });
    }
    response
}

async fn page(
    State(state): State<AppState>,
    request_headers: HeaderMap,
    uri: Uri,
    nonce: CspNonce,
    csrf_token: CsrfToken,
) -> impl IntoResponse {
    // A fresh random key naming this response's recorded headers. The nonce generator is a
    // CSPRNG, so the key cannot be guessed; it is not the nonce itself, which stays out of URLs.
    let key = CspNonce::generate().to_string();
    let host = request_host(&request_headers, &uri);
    let development = state.headers.is_development_host(host.as_deref());
    let (reports_before, reports) = {
        let reports = lock(&state.reports);
        (reports.received, report_items(&reports.kept))
    };

    // Said before the headers are loaded, and what `curl` sees: the decision the security
    // layer makes for this host. The script replaces it with what the recorded headers show.
    let shown_host = host.as_deref().map_or("(none)".to_owned(), escape);
    let production_hsts = state
        .production_hsts
        .as_deref()
        .map(|value| format!("<code>strict-transport-security: {}</code>", escape(value)));
    let hsts = if development {
        format!(
            "This request's host, <code>{shown_host}</code>, is a loopback host, and this demo \
             asks for development responses on loopback hosts \
             (<code>.development_on_loopback(true)</code>; the library never does by itself), so \
             this page is a development response: no Strict-Transport-Security and no \
             <code>upgrade-insecure-requests</code> in the CSP.{}",
            production_hsts.map_or(String::new(), |hsts| format!(
                " A production host gets {hsts}."
            ))
        )
    } else {
        format!(
            "This request's host, <code>{shown_host}</code>, is not a loopback host, so the \
             security layer makes this page a production response, with {} and \
             <code>upgrade-insecure-requests</code> in the CSP.",
            production_hsts
                .as_deref()
                .unwrap_or("Strict-Transport-Security")
        )
    };

    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="csrf-token" content="{csrf_token}">
<meta name="page-key" content="{key}">
<meta name="reports-before" content="{reports_before}">
<meta name="development-response" content="{development}">
<title>secure-http demo</title>
<style nonce="{nonce}">{STYLE}</style>
</head>
<body>
<h1>secure-http demo</h1>
<p id="with-nonce" class="bad">The script with this response's nonce has not run.</p>
<p id="without-nonce" class="wait">The inline script without a nonce has not run (so far: blocked). Waiting for the browser's violation report…</p>
<script nonce="{nonce}">
  const ran = document.getElementById('with-nonce');
  ran.textContent = "The script with this response's nonce ran.";
  ran.className = 'ok';
</script>
<script>
  const leaked = document.getElementById('without-nonce');
  leaked.textContent = 'The inline script without a nonce ran: CSP is not enforced!';
  leaked.className = 'bad';
  leaked.dataset.ran = 'yes';
</script>
<h2>A form protected against CSRF</h2>
<form method="post" action="/submit">
  <input type="hidden" name="csrf_token" value="{csrf_token}">
  <input name="message" value="hello" aria-label="message">
  <button id="submit-form">Post the form</button>
</form>
<p><button id="submit-fetch">Post with fetch and the x-csrf-token header</button>
<button id="submit-fetch-without-token">Post with fetch without the token</button></p>
<p id="fetch-result"></p>
<h2>Headers of this response</h2>
<p id="hsts">{hsts}</p>
<pre id="sent-headers">Loading the headers recorded when this page was sent… (without JavaScript, <code>curl -si</code> shows them)</pre>
<p id="headers-note">Recorded by a middleware outside the security and CSRF layers: the headers exactly as the application handed them to the HTTP server, which adds only <code>content-length</code> and <code>date</code>.</p>
<p id="cookie-note"></p>
<h2>Violation reports received</h2>
<ul id="reports">{reports}</ul>
<script nonce="{nonce}">{SCRIPT}</script>
</body>
</html>
"#
    );
    (Extension(PageKey(key)), Html(html))
}

/// The report-only policy of `/learn`: strict, and asking for samples of blocked inline code
/// so that the suggestion can hash them.
const LEARNING: ContentSecurityPolicy = csp! {
    default-src: self,
    script-src: nonce strict-dynamic report-sample,
    style-src: self nonce report-sample,
    img-src: self,
    object-src: none,
    base-uri: none,
    report-uri: "/csp-report",
};

/// A page sent with [`LEARNING`] as its only policy, report-only: everything on it runs, and
/// what the policy would block is reported.
async fn learn_page(nonce: CspNonce) -> Response {
    let header = LEARNING
        .nonce_template()
        .join(&format!("'nonce-{}'", nonce.as_str()));
    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>secure-http demo: learning a policy</title>
<style nonce="{nonce}">{STYLE}</style>
</head>
<body>
<h1>Learning a policy from reports</h1>
<p>This page has no enforced policy, only <code>content-security-policy-report-only: {policy}</code>.
What it would block runs anyway, and the browser reports it:</p>
<ul>
<li id="inline-short">An inline script without the nonce (short, so its sample is all of it): has not run.</li>
<li style="font-style: italic">A <code>style</code> attribute.</li>
<li>An image from a <code>data:</code> URL: <img alt="a pixel" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"></li>
<li id="eval">A call of <code>eval</code>: has not run.</li>
</ul>
<script>window.learned = 1</script>
<h2>Violations collected on this page, and the change that allows them</h2>
<pre id="suggestion">Waiting for reports…</pre>
<script nonce="{nonce}">{LEARN_SCRIPT}</script>
</body>
</html>
"#,
        policy = escape(&header),
    );
    let mut response = Html(html).into_response();
    // Only the report-only policy: the enforced one of the layer is left out on this page.
    response.extensions_mut().insert(CspOverride::Remove);
    response.headers_mut().insert(
        header::HeaderName::from_static("content-security-policy-report-only"),
        http::HeaderValue::from_str(&header).expect("a policy is a valid header value"),
    );
    response
}

/// The script of `/learn`: runs the eval, says what ran, and shows the suggestion.
const LEARN_SCRIPT: &str = r#"
  if (window.learned === 1) {
    document.getElementById('inline-short').textContent =
      'An inline script without the nonce ran (report-only), and was reported.';
  }
  try {
    eval('1 + 1');
    document.getElementById('eval').textContent = 'A call of eval ran (report-only), and was reported.';
  } catch (e) {
    document.getElementById('eval').textContent = 'eval was blocked: ' + e;
  }
  async function show() {
    const answer = await (await fetch('/learn/suggestion')).json();
    const lines = [];
    lines.push(`${answer.groups.length} group(s) of violations:`);
    for (const g of answer.groups) lines.push(`  ${g}`);
    lines.push('');
    for (const c of answer.changes) lines.push(`change: ${c}`);
    for (const n of answer.notes) lines.push(`not allowed: ${n}`);
    lines.push('');
    lines.push(`suggested header: ${answer.header}`);
    lines.push('');
    lines.push(answer.csp);
    document.getElementById('suggestion').textContent = lines.join('\n');
  }
  show();
  setInterval(show, 2000);
"#;

/// The groups of violations reported from `/learn`, and [`learn::suggest`]'s change of
/// [`LEARNING`] for them, as lines of text (the page shows them with `textContent`).
async fn learn_suggestion(State(state): State<AppState>) -> Json<serde_json::Value> {
    let groups: Vec<_> = state
        .aggregate
        .snapshot()
        .groups
        .into_iter()
        .filter(|g| {
            g.document_uri
                .split(['?', '#'])
                .next()
                .is_some_and(|page| page.ends_with("/learn"))
        })
        .collect();
    let suggestions = learn::suggest(&LEARNING, &groups);
    let group_lines: Vec<String> = groups
        .iter()
        .map(|g| {
            format!(
                "{} x {} blocked {}",
                g.count,
                secure_http::report::Escaped(&g.directive),
                g.blocked
            )
        })
        .collect();
    let changes: Vec<String> = suggestions
        .suggestions()
        .iter()
        .map(|s| {
            let added: Vec<String> = s.added().iter().map(ToString::to_string).collect();
            let lints: Vec<&str> = s.findings().iter().map(|f| f.lint().name()).collect();
            format!(
                "{} += {} (lints: {})",
                s.directive(),
                added.join(" "),
                if lints.is_empty() {
                    "none".to_owned()
                } else {
                    lints.join(", ")
                }
            )
        })
        .collect();
    Json(serde_json::json!({
        "groups": group_lines,
        "changes": changes,
        "notes": suggestions.notes().iter().map(ToString::to_string).collect::<Vec<_>>(),
        "header": suggestions.policy().as_str(),
        "csp": suggestions
            .csp_macro()
            .unwrap_or_else(|error| format!("(no csp! form: {error})")),
    }))
}

/// The page's style: inserted as is, with no `format!` escaping of its braces.
const STYLE: &str = r#"
  body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; }
  pre { background: #f4f4f4; padding: 1rem; white-space: pre-wrap; word-break: break-all; }
  .ok { color: #080; } .bad { color: #b00; } .wait { color: #666; }
"#;

/// The page's script. Everything from the network goes in with `textContent`, never as HTML
/// (the CSP's `require-trusted-types-for 'script'` would refuse `innerHTML` strings anyway).
const SCRIPT: &str = r#"
{
  const meta = name => document.querySelector(`meta[name="${name}"]`).content;
  // A production response's CSP has upgrade-insecure-requests: on plain http:// the browser
  // sends the page's requests to https://, which this demo does not serve.
  const upgraded = meta('development-response') === 'false' && location.protocol === 'http:'
    ? ' This production response\'s CSP has upgrade-insecure-requests, so the browser sends'
      + ' this page\'s requests, reports included, to https://, which this plain-HTTP demo does'
      + ' not serve: open it on a loopback host such as 127.0.0.1 to see them.'
    : '';

  // The fetch buttons: JSON when the post is accepted, the CSRF layer's reason when refused.
  const result = document.getElementById('fetch-result');
  async function post(withToken) {
    const headers = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (withToken) headers['x-csrf-token'] = meta('csrf-token');
    result.className = 'wait';
    result.textContent = 'Posting…';
    try {
      const response = await fetch('/submit', { method: 'POST', headers, body: 'message=from+fetch' });
      const status = `${response.status} ${response.statusText}`.trim();
      if (response.ok) {
        const body = await response.json();
        result.textContent = `${status} — the server received: ${body.received}`;
        result.className = 'ok';
      } else {
        result.textContent = `${status} — refused: ${(await response.text()).trim()}`;
        result.className = 'bad';
      }
    } catch (error) {
      result.textContent = `The post failed: ${error.message}.${upgraded}`;
      result.className = 'bad';
    }
  }
  document.getElementById('submit-fetch').addEventListener('click', () => post(true));
  document.getElementById('submit-fetch-without-token').addEventListener('click', () => post(false));

  // The headers this page was sent with, as the recording middleware saw them.
  (async () => {
    const list = document.getElementById('sent-headers');
    const hsts = document.getElementById('hsts');
    const cookie = document.getElementById('cookie-note');
    try {
      const response = await fetch(`/sent-headers?page=${encodeURIComponent(meta('page-key'))}`);
      if (!response.ok) throw new Error(`${response.status} ${(await response.text()).trim()}`);
      const page = await response.json();
      list.textContent = page.headers.map(([name, value]) => `${name}: ${value}`).join('\n');
      const sent = name => page.headers.find(([n]) => n === name)?.[1];
      const host = page.host ?? '(none)';

      const sentHsts = sent('strict-transport-security');
      const upgrades = (sent('content-security-policy') ?? '').includes('upgrade-insecure-requests');
      if (sentHsts === undefined && page.development) {
        hsts.textContent = 'This page was sent without Strict-Transport-Security'
          + (upgrades ? '' : ' and without upgrade-insecure-requests in its CSP')
          + `: development mode, because its host, ${host}, is a loopback host`
          + ' (localhost, 127.0.0.0/8 or [::1]) and this demo turned development mode on for such hosts'
          + ' with .development_on_loopback(true); the library never does by itself.'
          + (page.production_hsts ? ` A production host gets strict-transport-security: ${page.production_hsts}.` : '');
      } else if (sentHsts === undefined) {
        hsts.textContent = `This page was sent without Strict-Transport-Security, though its host, ${host}, is not a loopback host: HSTS is turned off.`;
      } else if (!page.development) {
        hsts.textContent = `This page was sent with strict-transport-security: ${sentHsts}, because its host, ${host}, is not a loopback host: a production response.`;
      } else {
        hsts.textContent = `This page was sent with strict-transport-security: ${sentHsts}.`;
      }

      cookie.textContent = sent('set-cookie') === undefined
        ? 'No Set-Cookie: your browser sent a valid CSRF cookie with this request, so the CSRF layer had none to set.'
        : 'The CSRF cookie\'s value is withheld here: the cookie is HttpOnly, no script is meant to read it. '
          + '(A script\'s own fetch() never sees Set-Cookie: browsers hide it from response.headers.)';
    } catch (error) {
      list.textContent = `The recorded headers could not be loaded: ${error.message}.${upgraded}`;
    }
  })();

  // The reports, and whether the browser reported blocking the script without a nonce: a
  // report received after this page was served, for an inline script on this page's URL.
  const before = Number(meta('reports-before'));
  const blocked = document.getElementById('without-nonce');
  const here = location.href.split('#')[0];
  async function refresh() {
    let reports;
    try {
      const response = await fetch('/reports');
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      reports = await response.json();
    } catch (error) {
      if (upgraded && blocked.dataset.ran !== 'yes') {
        blocked.textContent = `The inline script without a nonce has not run (so far: blocked).${upgraded}`;
      }
      return;
    }
    const list = document.getElementById('reports');
    list.replaceChildren(...reports.map(r => {
      const item = document.createElement('li');
      item.textContent = r.summary;
      return item;
    }));
    if (reports.length === 0) {
      const item = document.createElement('li');
      item.textContent = 'none yet';
      list.append(item);
    }
    const ours = reports.find(r => r.number > before
      && (r.effective_directive === 'script-src-elem' || r.effective_directive === 'script-src')
      && r.blocked_uri === 'inline'
      && r.document_uri.split('#')[0] === here);
    if (ours && blocked.dataset.ran !== 'yes') {
      blocked.textContent = 'The inline script without a nonce did not run: the browser blocked it and sent this report: '
        + ours.summary + (ours.sample ? ` (sample: ${ours.sample})` : '');
      blocked.className = 'ok';
    }
  }
  refresh();
  setInterval(refresh, 2000);
}
"#;

#[derive(serde::Deserialize)]
struct Submission {
    message: String,
}

/// The answer to a post that asks for JSON.
#[derive(serde::Serialize)]
struct Received {
    received: String,
}

/// JSON for a client that accepts it (the fetch buttons), a page for the form.
async fn submit(request_headers: HeaderMap, Form(submission): Form<Submission>) -> Response {
    let wants_json = request_headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|accept| accept.contains("application/json"));
    if wants_json {
        return Json(Received {
            received: submission.message,
        })
        .into_response();
    }
    Html(format!(
        "<!doctype html><title>submitted</title><p id=\"submitted\">Received: {}</p><p><a href=\"/\">back</a></p>",
        escape(&submission.message)
    ))
    .into_response()
}

async fn received_reports(State(state): State<AppState>) -> Json<Vec<ReceivedReport>> {
    Json(lock(&state.reports).kept.iter().cloned().collect())
}

#[derive(serde::Deserialize)]
struct SentHeadersQuery {
    page: String,
}

/// The recorded headers of the page response named by `?page=`, with what the page needs to
/// explain them.
async fn sent_headers(
    State(state): State<AppState>,
    Query(query): Query<SentHeadersQuery>,
) -> Response {
    let page = lock(&state.pages)
        .iter()
        .find(|page| page.key == query.page)
        .cloned();
    match page {
        Some(page) => {
            #[derive(serde::Serialize)]
            struct Answer {
                #[serde(flatten)]
                page: SentPage,
                production_hsts: Option<String>,
            }
            Json(Answer {
                page,
                production_hsts: state.production_hsts.clone(),
            })
            .into_response()
        }
        None => (
            StatusCode::NOT_FOUND,
            format!("no page of the last {KEPT_PAGES} served has this key"),
        )
            .into_response(),
    }
}

/// The host the security layer decides by: the `Host` header, or the URI's authority.
fn request_host(headers: &HeaderMap, uri: &Uri) -> Option<String> {
    headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .or_else(|| uri.authority().map(|authority| authority.as_str()))
        .map(str::to_owned)
}

/// `name=value; attributes` with the value replaced: the CSRF cookie is HttpOnly, and the
/// recorded headers are shown to the page's scripts.
fn withhold_cookie_value(set_cookie: &str) -> String {
    let (pair, attributes) = set_cookie.split_once(';').unwrap_or((set_cookie, ""));
    let name = pair.split_once('=').map_or(pair, |(name, _)| name);
    let separator = if attributes.is_empty() { "" } else { ";" };
    format!("{name}=<value withheld>{separator}{attributes}")
}

fn report_items(reports: &VecDeque<ReceivedReport>) -> String {
    if reports.is_empty() {
        return "<li>none yet</li>".to_owned();
    }
    reports
        .iter()
        .map(|r| format!("<li>{}</li>", escape(&r.summary)))
        .collect()
}

/// Locks a mutex, going on with the data if a holder panicked.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Report fields and request headers come from the network: escape them before they go
/// into HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

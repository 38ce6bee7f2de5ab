//! What the headers make a real browser do: headless Chromium, driven through chromedriver
//! with fantoccini, against axum servers built from this crate's layers.
//!
//! Skipped unless `SECURE_E2E=1`, since most machines that run `cargo test` have no browser:
//!
//! ```sh
//! SECURE_E2E=1 cargo test -p secure-http-e2e --test e2e -- --test-threads=1
//! ```
//!
//! With `SECURE_E2E=1`, a missing or broken chromedriver or Chromium fails the test.
//! `CHROMEDRIVER` and `CHROMIUM` override the binaries (`/usr/bin/chromedriver`,
//! `/usr/bin/chromium`). Every server listens on 127.0.0.1, on a port the system picks; a
//! "second origin" is a second server on another port. Each test starts its own chromedriver
//! and Chromium with a fresh profile, and ends them.

use axum::Router;
use axum::extract::Form;
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use base64::Engine as _;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use rcgen::{CertificateParams, KeyPair, PublicKeyData as _, SanType};
use secure_http::csrf::{CsrfProtection, CsrfToken};
use secure_http::headers::{CrossOriginEmbedderPolicy, CrossOriginOpenerPolicy};
use secure_http::integrations::tower::{CsrfLayer, SecurityHeadersLayer};
use secure_http::report::{
    CspViolation, Disposition, Report, ReportData, ReportEndpoint, ReportFormat,
};
use secure_http::reporting::ReportingEndpoints;
use secure_http::{ContentSecurityPolicy, CspNonce, CspOverride, SecurityHeaders, csp};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use std::future::Future;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::PrivatePkcs8KeyDer;

/// How long a test may run in all, so that a hang fails instead of blocking CI.
const TEST_LIMIT: Duration = Duration::from_secs(240);
/// How long to wait for something the browser does at once (a script, a `report-uri` post).
const SOON: Duration = Duration::from_secs(15);
/// How long to wait for a Reporting API delivery: Chromium may hold reports for up to a
/// minute to send them in batches (Chromium 156 sent these within a second).
const REPORTING_API_LIMIT: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------------------
// 1. A nonce'd inline script runs.

/// The page of scenarios 1 to 3 and 7: three inline scripts, each writing "ran" into its own
/// paragraph. Only the last carries this response's nonce; it runs last, so once the page has
/// loaded, each of the others has either run or been blocked. Every script is one line, so
/// the `'report-sample'` of its report starts with its own id.
fn script_page(nonce: &CspNonce) -> Html<String> {
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scripts</title></head><body>
<p id="without-nonce">not run</p>
<p id="wrong-nonce">not run</p>
<p id="with-nonce">not run</p>
<script>document.getElementById('without-nonce').textContent = 'ran';</script>
<script nonce="AAAAAAAAAAAAAAAAAAAAAA==">document.getElementById('wrong-nonce').textContent = 'ran';</script>
<script nonce="{nonce}">document.getElementById('with-nonce').textContent = 'ran';</script>
</body></html>"#
    ))
}

fn script_app(headers: SecurityHeaders) -> (Router, Reports) {
    let (endpoint, reports) = reports();
    let app = Router::new()
        .route(
            "/",
            get(|nonce: CspNonce| async move { script_page(&nonce) }),
        )
        .layer(SecurityHeadersLayer::new(headers).report_endpoint(endpoint));
    (app, reports)
}

const SCRIPT_POLICY: ContentSecurityPolicy = csp! {
    default-src: none,
    script-src: nonce report-sample,
};

/// The three paragraphs of [`script_page`]: with nonce, without nonce, wrong nonce.
async fn script_results(browser: &Client) -> (String, String, String) {
    (
        text(browser, "with-nonce").await,
        text(browser, "without-nonce").await,
        text(browser, "wrong-nonce").await,
    )
}

#[tokio::test]
async fn nonced_inline_script_runs() {
    e2e("nonced_inline_script_runs", |browser| async move {
        let (app, _reports) =
            script_app(SecurityHeaders::new().content_security_policy(SCRIPT_POLICY));
        let origin = site().await.serve(app);
        browser
            .goto(&format!("{origin}/"))
            .await
            .expect("open the page");
        let (with_nonce, _, wrong_nonce) = script_results(&browser).await;
        assert_eq!(with_nonce, "ran", "the script with the response's nonce");
        // Control: a nonce attribute alone is not enough, it must be this response's.
        assert_eq!(wrong_nonce, "not run", "the script with another nonce");
    })
    .await;
}

// ---------------------------------------------------------------------------------------
// 2. An inline script without the nonce does not run, and its report arrives.

#[tokio::test]
async fn inline_script_without_nonce_is_blocked_and_reported() {
    e2e(
        "inline_script_without_nonce_is_blocked_and_reported",
        |browser| async move {
            let (app, mut reports) =
                script_app(SecurityHeaders::new().content_security_policy(SCRIPT_POLICY));
            let origin = site().await.serve(app);
            let page = format!("{origin}/");
            browser.goto(&page).await.expect("open the page");
            let (with_nonce, without_nonce, _) = script_results(&browser).await;
            // Control: scripts run on this page, the nonce'd one did.
            assert_eq!(with_nonce, "ran", "the script with the response's nonce");
            assert_eq!(without_nonce, "not run", "the script without a nonce");

            let report = reports
                .wait_for("report of the script without a nonce", SOON, |v| {
                    v.sample
                        .as_deref()
                        .is_some_and(|s| s.contains("'without-nonce'"))
                })
                .await;
            assert_eq!(report.format, ReportFormat::CspReport, "{report:#?}");
            assert_eq!(report.document_uri, page, "{report:#?}");
            assert_eq!(report.blocked_uri.as_deref(), Some("inline"), "{report:#?}");
            assert!(
                report.effective_directive.starts_with("script-src"),
                "{report:#?}"
            );
            assert_eq!(
                report.disposition,
                Some(Disposition::Enforce),
                "{report:#?}"
            );
            let policy = report.original_policy.as_deref().unwrap_or_default();
            assert!(
                policy.contains("script-src 'nonce-") && policy.ends_with("report-uri /csp-report"),
                "the policy as the browser received it: {report:#?}"
            );
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 3. A report-only policy lets the script run and still reports it.

#[tokio::test]
async fn report_only_policy_lets_the_script_run_and_reports_it() {
    e2e(
        "report_only_policy_lets_the_script_run_and_reports_it",
        |browser| async move {
            // The defaults enforce a CSP of their own (`presets::LIBRARY_DEFAULT`): switch it off, so
            // that the report-only policy is the only one.
            let (app, mut reports) = script_app(
                SecurityHeaders::new()
                    .without_content_security_policy()
                    .content_security_policy_report_only(SCRIPT_POLICY),
            );
            let origin = site().await.serve(app);
            let page = format!("{origin}/");
            browser.goto(&page).await.expect("open the page");
            let (with_nonce, without_nonce, wrong_nonce) = script_results(&browser).await;
            assert_eq!(
                (
                    with_nonce.as_str(),
                    without_nonce.as_str(),
                    wrong_nonce.as_str()
                ),
                ("ran", "ran", "ran"),
                "report-only blocks nothing"
            );
            let report = reports
                .wait_for("report of the script without a nonce", SOON, |v| {
                    v.sample
                        .as_deref()
                        .is_some_and(|s| s.contains("'without-nonce'"))
                })
                .await;
            assert_eq!(report.disposition, Some(Disposition::Report), "{report:#?}");
            assert_eq!(report.document_uri, page, "{report:#?}");
            assert_eq!(report.blocked_uri.as_deref(), Some("inline"), "{report:#?}");

            // Control: the same page and policy, enforced, on a second server: blocked.
            let (app, _reports) =
                script_app(SecurityHeaders::new().content_security_policy(SCRIPT_POLICY));
            let enforced = site().await.serve(app);
            browser
                .goto(&format!("{enforced}/"))
                .await
                .expect("open the page");
            let (with_nonce, without_nonce, _) = script_results(&browser).await;
            assert_eq!(
                (with_nonce.as_str(), without_nonce.as_str()),
                ("ran", "not run"),
                "the same page under the enforced policy"
            );
        },
    )
    .await;
}

/// The README's migration table writes secure-aiohttp's `csp_testing=True` as
/// `.without_content_security_policy().content_security_policy_report_only(policy)`: the
/// defaults' own enforced policy (`presets::LIBRARY_DEFAULT`) must go too, or it blocks every inline
/// script and the page is not in "testing" mode at all (the table once forgot this).
#[tokio::test]
async fn report_only_as_the_readme_migration_table_writes_it() {
    e2e(
        "report_only_as_the_readme_migration_table_writes_it",
        |browser| async move {
            let (app, _reports) = script_app(
                SecurityHeaders::new()
                    .without_content_security_policy()
                    .content_security_policy_report_only(SCRIPT_POLICY),
            );
            let origin = site().await.serve(app);
            browser
                .goto(&format!("{origin}/"))
                .await
                .expect("open the page");
            let (with_nonce, without_nonce, _) = script_results(&browser).await;
            assert_eq!(
                (with_nonce.as_str(), without_nonce.as_str()),
                ("ran", "ran"),
                "report-only blocks nothing"
            );
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 4. Images: `img-src` lets one other origin in, and not another.

/// A 7×5 image, so that a loaded one is told apart by its width.
fn image_server(requests: Arc<AtomicUsize>) -> Router {
    Router::new().route(
        "/pixel.svg",
        get(move || {
            requests.fetch_add(1, Ordering::SeqCst);
            async {
                (
                    [("content-type", "image/svg+xml")],
                    r#"<svg xmlns="http://www.w3.org/2000/svg" width="7" height="5"><rect width="7" height="5" fill="teal"/></svg>"#,
                )
            }
        }),
    )
}

/// A page that loads images from a nonce'd script and writes, for each, `loaded <width>` or
/// `error <width>` into the paragraph of its id. `probes` are the calls, one per image.
fn image_page(nonce: &CspNonce, probes: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>images</title></head><body>
<p id="self"></p><p id="allowed"></p><p id="refused"></p>
<script nonce="{nonce}">
function probe(id, url) {{
  const image = new Image();
  image.onload = () => {{ document.getElementById(id).textContent = 'loaded ' + image.naturalWidth; }};
  image.onerror = () => {{ document.getElementById(id).textContent = 'error ' + image.naturalWidth; }};
  image.src = url;
  document.body.append(image);
}}
{probes}</script>
</body></html>"#
    ))
}

#[tokio::test]
async fn img_src_blocks_an_origin_it_does_not_list() {
    e2e(
        "img_src_blocks_an_origin_it_does_not_list",
        |browser| async move {
            let page_site = site().await;
            let allowed_requests = Arc::new(AtomicUsize::new(0));
            let allowed = site().await.serve(image_server(allowed_requests.clone()));
            let refused_requests = Arc::new(AtomicUsize::new(0));
            let refused = site().await.serve(image_server(refused_requests.clone()));
            let self_requests = Arc::new(AtomicUsize::new(0));

            // The allowed origin is known only now, so this policy is parsed at run time.
            let policy: ContentSecurityPolicy =
                format!("default-src 'none'; script-src 'nonce'; img-src 'self' {allowed}")
                    .parse()
                    .expect("a valid policy");
            let (endpoint, mut reports) = reports();
            let images = [
                ("self", format!("{}/pixel.svg", page_site.origin)),
                ("allowed", format!("{allowed}/pixel.svg")),
                ("refused", format!("{refused}/pixel.svg")),
            ];
            let probes: String = images
                .iter()
                .map(|(id, url)| format!("probe('{id}', '{url}');\n"))
                .collect();
            let app = image_server(self_requests.clone())
                .route(
                    "/",
                    get(move |nonce: CspNonce| async move { image_page(&nonce, &probes) }),
                )
                .layer(
                    SecurityHeadersLayer::new(
                        SecurityHeaders::new().content_security_policy(policy),
                    )
                    .report_endpoint(endpoint),
                );
            let origin = page_site.serve(app);
            browser
                .goto(&format!("{origin}/"))
                .await
                .expect("open the page");

            let results = wait_for_js(
                &browser,
                "const ids = ['self', 'allowed', 'refused'];
                 const texts = ids.map(id => document.getElementById(id).textContent);
                 return texts.every(t => t !== '') ? texts : null;",
                SOON,
                "every image to load or fail",
            )
            .await;
            assert_eq!(
                results,
                json!(["loaded 7", "loaded 7", "error 0"]),
                "self, allowed origin {allowed}, unlisted origin {refused}"
            );
            assert_eq!(
                self_requests.load(Ordering::SeqCst),
                1,
                "requests for 'self'"
            );
            assert_eq!(
                allowed_requests.load(Ordering::SeqCst),
                1,
                "requests to {allowed}"
            );
            assert_eq!(
                refused_requests.load(Ordering::SeqCst),
                0,
                "the browser must not even request the image from {refused}"
            );
            let report = reports
                .wait_for("report of the refused image", SOON, |v| {
                    v.effective_directive == "img-src"
                })
                .await;
            assert!(
                report
                    .blocked_uri
                    .as_deref()
                    .is_some_and(|uri| uri.starts_with(&refused)),
                "{report:#?}"
            );
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 5. `frame-ancestors`: another origin cannot frame the page, except where allowed.

/// A page that tells whoever frames it that it loaded, from a nonce'd script: a frame that
/// the browser refused never runs it.
fn framed_page(nonce: &CspNonce, name: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{name}</title></head><body>
<p id="loaded">no</p>
<script nonce="{nonce}">
document.getElementById('loaded').textContent = 'yes';
if (window.parent !== window) window.parent.postMessage('{name} loaded', '*');
</script>
</body></html>"#
    ))
}

#[tokio::test]
async fn frame_ancestors_stops_another_origin_from_framing() {
    e2e(
        "frame_ancestors_stops_another_origin_from_framing",
        |browser| async move {
            let app_site = site().await;
            let framer_site = site().await;
            let (app_origin, framer_origin) = (app_site.origin.clone(), framer_site.origin.clone());

            // Pages may be framed by their own origin only, which the defaults also say with
            // the X-Frame-Options they derive from it (SAMEORIGIN). /frameable lets the
            // framer in through its own policy; /legacy has no `frame-ancestors` at all, so
            // X-Frame-Options alone protects it.
            let policy: ContentSecurityPolicy =
                "default-src 'none'; script-src 'nonce'; frame-ancestors 'self'"
                    .parse()
                    .expect("a valid policy");
            let frameable: ContentSecurityPolicy = format!(
                "default-src 'none'; script-src 'nonce'; frame-ancestors 'self' {framer_origin}"
            )
            .parse()
            .expect("a valid policy");
            let legacy: ContentSecurityPolicy = "default-src 'none'; script-src 'nonce'"
                .parse()
                .expect("a valid policy");
            let (endpoint, mut reports) = reports();
            let with_policy = |name: &'static str, policy: Option<ContentSecurityPolicy>| {
                get(move |nonce: CspNonce| async move {
                    let mut response = framed_page(&nonce, name).into_response();
                    if let Some(policy) = policy {
                        response
                            .extensions_mut()
                            .insert(CspOverride::Replace(policy));
                    }
                    response
                })
            };
            let app = Router::new()
                .route("/protected", with_policy("protected", None))
                .route("/frameable", with_policy("frameable", Some(frameable)))
                .route("/legacy", with_policy("legacy", Some(legacy)))
                .layer(
                    SecurityHeadersLayer::new(
                        SecurityHeaders::new().content_security_policy(policy),
                    )
                    .report_endpoint(endpoint),
                );
            app_site.serve(app);

            // The framer has no policy of its own; it records the messages from the frames
            // and each frame's load event, which fires for a refused frame too.
            let frames = ["protected", "frameable", "legacy"];
            let iframes: String = frames
                .iter()
                .map(|name| {
                    format!(
                        r#"<iframe src="{app_origin}/{name}" onload="loads.push('{name}')"></iframe>"#
                    )
                })
                .collect();
            let framer_page = format!(
                r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>framer</title>
<script>
window.messages = [];
window.loads = [];
window.addEventListener('message', event => {{
  if (event.origin === '{app_origin}') window.messages.push(event.data);
}});
</script></head><body>
{iframes}
</body></html>"#
            );
            framer_site.serve(Router::new().route(
                "/",
                get(move || {
                    let page = framer_page.clone();
                    async move { Html(page) }
                }),
            ));

            // Control: unframed, each page's script runs.
            for name in frames {
                browser
                    .goto(&format!("{app_origin}/{name}"))
                    .await
                    .expect("open the page");
                assert_eq!(text(&browser, "loaded").await, "yes", "/{name} on its own");
            }

            browser
                .goto(&format!("{framer_origin}/"))
                .await
                .expect("open the framer");
            // Control: the frame that is allowed loads and its message arrives.
            wait_for_js(
                &browser,
                "return window.messages.includes('frameable loaded')
                    && ['protected', 'frameable', 'legacy'].every(f => window.loads.includes(f))
                    || null;",
                SOON,
                "the allowed frame's message and every frame's load event",
            )
            .await;
            // A message posted by a frame that did load could trail its load event a little.
            tokio::time::sleep(Duration::from_millis(500)).await;
            let messages = js(&browser, "return window.messages;").await;
            assert_eq!(
                messages,
                json!(["frameable loaded"]),
                "only /frameable may load: frame-ancestors refuses /protected, X-Frame-Options /legacy"
            );

            // The browser reports the refusal by frame-ancestors (X-Frame-Options reports
            // nothing).
            let report = reports
                .wait_for("report of the refused frame", SOON, |v| {
                    v.effective_directive == "frame-ancestors"
                })
                .await;
            // Chromium reports the refused page by its origin only.
            assert!(
                report.document_uri.starts_with(&app_origin),
                "{report:#?}"
            );
            assert_eq!(
                report.disposition,
                Some(Disposition::Enforce),
                "{report:#?}"
            );
            let refused_policy = report.original_policy.as_deref().unwrap_or_default();
            assert!(
                refused_policy.contains("frame-ancestors 'self';"),
                "the protected page's policy, not the frameable one's: {report:#?}"
            );
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 6. CSRF: the site's own form and fetch pass, another origin's form is refused.

#[derive(serde::Deserialize)]
struct Submission {
    message: String,
}

const CSRF_PAGE_POLICY: ContentSecurityPolicy = csp! {
    default-src: none,
    script-src: nonce,
    connect-src: self,
    form-action: self,
};

/// The site's own form, posting its token in the `csrf_token` field, and two buttons that
/// post with `fetch`, with and without the `x-csrf-token` header, and show the answer.
fn csrf_form_page(nonce: &CspNonce, token: &CsrfToken) -> Html<String> {
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="csrf-token" content="{token}"><title>form</title></head><body>
<form method="post" action="/submit">
  <input type="hidden" name="csrf_token" value="{token}">
  <input name="message" value="from the form">
  <button id="submit-form">Post</button>
</form>
<p><button id="fetch-with-token">fetch with the token</button> <span id="with-token"></span></p>
<p><button id="fetch-without-token">fetch without it</button> <span id="without-token"></span></p>
<script nonce="{nonce}">
async function post(result, headers) {{
  const response = await fetch('/submit', {{
    method: 'POST',
    headers: {{ 'content-type': 'application/x-www-form-urlencoded', ...headers }},
    body: 'message=from+fetch',
  }});
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  document.getElementById(result).textContent = response.status + ' ' + page.body.textContent.trim();
}}
const token = document.querySelector('meta[name="csrf-token"]').content;
document.getElementById('fetch-with-token').onclick = () => post('with-token', {{ 'x-csrf-token': token }});
document.getElementById('fetch-without-token').onclick = () => post('without-token', {{}});
</script>
</body></html>"#
    ))
}

/// Another origin's form posting to the site, with a made-up token.
fn forged_form_page(target: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>forged</title></head><body>
<form method="post" action="{target}/submit">
  <input type="hidden" name="csrf_token" value="forged">
  <input name="message" value="forged">
  <button id="submit-form">Post</button>
</form>
</body></html>"#
    ))
}

fn submitted_page(message: &str) -> Html<String> {
    let message = message.replace('&', "&amp;").replace('<', "&lt;");
    Html(format!(
        r#"<!doctype html><title>submitted</title><p id="submitted">Received: {message}</p>"#
    ))
}

#[tokio::test]
async fn csrf_refuses_another_origins_form_and_passes_the_sites_own() {
    e2e(
        "csrf_refuses_another_origins_form_and_passes_the_sites_own",
        |browser| async move {
            let app_site = site().await;
            let app_origin = app_site.origin.clone();
            let received = Arc::new(AtomicUsize::new(0));
            let counter = received.clone();
            let app = Router::new()
                .route(
                    "/form",
                    get(|nonce: CspNonce, token: CsrfToken| async move {
                        csrf_form_page(&nonce, &token)
                    }),
                )
                .route(
                    "/submit",
                    post(move |Form(submission): Form<Submission>| {
                        counter.fetch_add(1, Ordering::SeqCst);
                        async move { submitted_page(&submission.message) }
                    }),
                )
                .layer(CsrfLayer::new(
                    CsrfProtection::new().tokens_with_generated_key(),
                ))
                .layer(SecurityHeadersLayer::new(
                    SecurityHeaders::new().content_security_policy(CSRF_PAGE_POLICY),
                ));
            app_site.serve(app);

            let target = app_origin.clone();
            let evil = site().await.serve(Router::new().route(
                "/",
                get(move || {
                    let page = forged_form_page(&target);
                    async move { page }
                }),
            ));
            // What a form post navigated to: the status and text of the page it shows.
            let landed_on = |origin: &str| {
                format!(
                    "return location.origin === '{origin}' && location.pathname === '/submit'
                        && document.readyState === 'complete'
                        ? [performance.getEntriesByType('navigation')[0].responseStatus,
                           document.body.innerText.trim()]
                        : null;"
                )
            };

            // The site's own form posts, with its token.
            browser
                .goto(&format!("{app_origin}/form"))
                .await
                .expect("open the form");
            click(&browser, "submit-form").await;
            let landed = wait_for_js(&browser, &landed_on(&app_origin), SOON, "the post").await;
            assert_eq!(
                landed,
                json!([200, "Received: from the form"]),
                "the site's own form"
            );
            assert_eq!(
                received.load(Ordering::SeqCst),
                1,
                "posts that reached the handler"
            );

            // fetch from the page with the token header passes; without it, it is refused.
            browser
                .goto(&format!("{app_origin}/form"))
                .await
                .expect("open the form");
            click(&browser, "fetch-with-token").await;
            let result = wait_for_text(&browser, "with-token", SOON).await;
            assert_eq!(
                result, "200 Received: from fetch",
                "fetch with x-csrf-token"
            );
            assert_eq!(
                received.load(Ordering::SeqCst),
                2,
                "posts that reached the handler"
            );
            click(&browser, "fetch-without-token").await;
            let result = wait_for_text(&browser, "without-token", SOON).await;
            assert_eq!(
                result, "403 missing CSRF token",
                "the same fetch without the token"
            );
            assert_eq!(
                received.load(Ordering::SeqCst),
                2,
                "posts that reached the handler"
            );

            // A form on another origin (another port) posting to /submit is refused.
            browser
                .goto(&format!("{evil}/"))
                .await
                .expect("open the other origin's page");
            click(&browser, "submit-form").await;
            let landed = wait_for_js(&browser, &landed_on(&app_origin), SOON, "the post").await;
            assert_eq!(
                landed,
                json!([403, "cross-origin request"]),
                "the form of {evil}"
            );
            assert_eq!(
                received.load(Ordering::SeqCst),
                2,
                "posts that reached the handler"
            );
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 7. `report-to` with `Reporting-Endpoints`: the Reporting API delivers the report.

#[tokio::test]
async fn report_to_delivers_through_the_reporting_api() {
    // Chromium takes `Reporting-Endpoints` only from an https page, and only endpoints with
    // https URLs: over http (127.0.0.1 included) it never sends a `report-to` report. So this
    // page is served over TLS, with a certificate made now that this Chromium trusts.
    let identity = TlsIdentity::new();
    let trust = format!(
        "--ignore-certificate-errors-spki-list={}",
        identity.spki_sha256
    );
    e2e_with(
        "report_to_delivers_through_the_reporting_api",
        &[trust],
        |browser| async move {
            let (endpoint, mut reports) = reports();
            let headers = SecurityHeaders::new()
                .content_security_policy(csp! {
                    default-src: none,
                    script-src: nonce report-sample,
                    report-to: csp-endpoint,
                })
                .reporting_endpoints(
                    ReportingEndpoints::new()
                        .endpoint("csp-endpoint", "/csp-report")
                        .expect("a valid endpoint"),
                );
            let layer = SecurityHeadersLayer::new(headers).report_endpoint(endpoint);
            // With `report-to` named, the layer adds no `report-uri`: only the Reporting API
            // can deliver this report.
            assert!(
                !layer
                    .headers()
                    .csp()
                    .expect("a policy")
                    .as_str()
                    .contains("report-uri"),
                "{:?}",
                layer.headers().csp()
            );
            let app = Router::new()
                .route(
                    "/",
                    get(|nonce: CspNonce| async move { script_page(&nonce) }),
                )
                .layer(layer);
            let origin = tls_site(identity).await.serve(app);
            let page = format!("{origin}/");
            let opened = Instant::now();
            browser.goto(&page).await.expect("open the page");
            let (with_nonce, without_nonce, _) = script_results(&browser).await;
            assert_eq!(
                (with_nonce.as_str(), without_nonce.as_str()),
                ("ran", "not run"),
                "the page over https"
            );
            let report = reports
                .wait_for(
                    "Reporting API report of the script without a nonce",
                    REPORTING_API_LIMIT,
                    |v| {
                        v.sample
                            .as_deref()
                            .is_some_and(|s| s.contains("'without-nonce'"))
                    },
                )
                .await;
            note(&format!(
                "report-to: Chromium delivered the report {:.1} s after the page opened",
                opened.elapsed().as_secs_f64()
            ));
            assert_eq!(report.format, ReportFormat::ReportingApi, "{report:#?}");
            assert_eq!(report.document_uri, page, "{report:#?}");
            assert_eq!(report.blocked_uri.as_deref(), Some("inline"), "{report:#?}");
            assert_eq!(
                report.disposition,
                Some(Disposition::Enforce),
                "{report:#?}"
            );
            assert!(
                report.effective_directive.starts_with("script-src"),
                "{report:#?}"
            );
            assert!(report.user_agent.is_some(), "{report:#?}");
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 8. Subresource Integrity: under `Integrity-Policy` a script without `integrity` is blocked
//    and its report arrives; the same script with `sri!`'s value runs; an inline script is
//    allowed by the `sha384(file: ..)` hash of its file, and text other than the file's is
//    refused.

/// The external script: writes "ran" into the paragraph its `data-target` names. Served
/// from the same bytes `sri!` hashed.
const APP_JS: &str = include_str!("../static/app.js");
const APP_JS_INTEGRITY: &str = secure_http::sri!("static/app.js");
/// The inline script, whose file `sha384(file: ..)` hashes.
const INLINE_JS: &str = include_str!("../static/inline.js");

fn integrity_page() -> Html<String> {
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>integrity</title></head><body>
<p id="without-integrity">not run</p>
<p id="with-integrity">not run</p>
<p id="inline-hashed">not run</p>
<p id="inline-other">not run</p>
<script src="/app.js?without" data-target="without-integrity" crossorigin="anonymous"></script>
<script src="/app.js?with" data-target="with-integrity" integrity="{APP_JS_INTEGRITY}" crossorigin="anonymous"></script>
<script>{INLINE_JS}</script>
<script>document.getElementById('inline-other').textContent = 'ran';</script>
</body></html>"#
    ))
}

#[tokio::test]
async fn integrity_policy_blocks_scripts_without_sri_and_reports_them() {
    // `Integrity-Policy` reports go through the Reporting API, which Chromium uses only from
    // and to https: the page is served over TLS, as in scenario 7.
    let identity = TlsIdentity::new();
    let trust = format!(
        "--ignore-certificate-errors-spki-list={}",
        identity.spki_sha256
    );
    e2e_with(
        "integrity_policy_blocks_scripts_without_sri_and_reports_them",
        &[trust],
        |browser| async move {
            let (sender, mut received) = mpsc::unbounded_channel();
            let endpoint = ReportEndpoint::default().on_report(move |report| {
                let _ = sender.send(report.clone());
            });
            let headers = SecurityHeaders::new()
                .content_security_policy(csp! {
                    default-src: none,
                    script-src: self sha384(file: "static/inline.js"),
                })
                .integrity_policy(secure_http::integrity_policy! {
                    blocked-destinations: (script),
                    endpoints: (integrity),
                })
                .reporting_endpoints(
                    ReportingEndpoints::new()
                        .endpoint("integrity", "/csp-report")
                        .expect("a valid endpoint"),
                );
            headers.check().expect("the endpoint is declared");
            let app = Router::new()
                .route("/", get(|| async { integrity_page() }))
                .route(
                    "/app.js",
                    get(|| async { ([("content-type", "text/javascript")], APP_JS) }),
                )
                .layer(SecurityHeadersLayer::new(headers).report_endpoint(endpoint));
            let origin = tls_site(identity).await.serve(app);
            let page = format!("{origin}/");
            browser.goto(&page).await.expect("open the page");
            let results = [
                text(&browser, "without-integrity").await,
                text(&browser, "with-integrity").await,
                text(&browser, "inline-hashed").await,
                text(&browser, "inline-other").await,
            ];
            assert_eq!(
                results.each_ref().map(String::as_str),
                ["not run", "ran", "ran", "not run"],
                "without integrity, with sri!, the hashed inline file, other inline text"
            );
            let (_, violation) =
                wait_for_report(&mut received, "integrity-violation", |body| match body {
                    ReportData::IntegrityViolation(violation) => Some(violation.clone()),
                    _ => None,
                })
                .await;
            assert_eq!(
                violation.blocked_url,
                format!("{origin}/app.js?without"),
                "{violation:#?}"
            );
            assert_eq!(violation.destination, "script", "{violation:#?}");
            assert_eq!(violation.document_url, page, "{violation:#?}");
            assert!(!violation.report_only, "{violation:#?}");
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 9. `Cross-Origin-Embedder-Policy: require-corp; report-to="isolation"`: an image of another
//    origin that sends no `Cross-Origin-Resource-Policy` is refused, and the `coep` report
//    arrives at the one report endpoint, typed.

#[tokio::test]
async fn coep_refuses_a_cross_origin_image_and_reports_it() {
    // Reporting API reports, hence https as in scenario 7; the other origin is a second TLS
    // server on another port, with the same certificate.
    let identity = TlsIdentity::new();
    let trust = format!(
        "--ignore-certificate-errors-spki-list={}",
        identity.spki_sha256
    );
    e2e_with(
        "coep_refuses_a_cross_origin_image_and_reports_it",
        &[trust],
        |browser| async move {
            let other_requests = Arc::new(AtomicUsize::new(0));
            // No security headers on the other origin: its image has no CORP header.
            let other = tls_site(identity.clone())
                .await
                .serve(image_server(other_requests.clone()));
            let (sender, mut received) = mpsc::unbounded_channel();
            let endpoint = ReportEndpoint::default().on_report(move |report| {
                let _ = sender.send(report.clone());
            });
            let policy: ContentSecurityPolicy =
                format!("default-src 'none'; script-src 'nonce'; img-src 'self' {other}")
                    .parse()
                    .expect("a policy");
            let headers = SecurityHeaders::new()
                .content_security_policy(policy)
                .header(
                    CrossOriginEmbedderPolicy::RequireCorp
                        .report_to("isolation")
                        .expect("a valid name"),
                )
                .reporting_endpoints(
                    ReportingEndpoints::new()
                        .endpoint("isolation", "/csp-report")
                        .expect("a valid endpoint"),
                );
            headers.check().expect("the endpoint is declared");
            let probes =
                format!("probe('self', '/pixel.svg');\nprobe('refused', '{other}/pixel.svg');\n");
            let app = image_server(Arc::new(AtomicUsize::new(0)))
                .route(
                    "/",
                    get(move |nonce: CspNonce| {
                        let probes = probes.clone();
                        async move { image_page(&nonce, &probes) }
                    }),
                )
                .layer(SecurityHeadersLayer::new(headers).report_endpoint(endpoint));
            let origin = tls_site(identity).await.serve(app);
            let page = format!("{origin}/");
            browser.goto(&page).await.expect("open the page");
            assert_eq!(
                js(&browser, "return self.crossOriginIsolated;").await,
                json!(true),
                "the page is cross-origin isolated (COOP same-origin by default, COEP require-corp)"
            );
            assert_eq!(wait_for_text(&browser, "self", SOON).await, "loaded 7");
            assert_eq!(wait_for_text(&browser, "refused", SOON).await, "error 0");
            let (report, violation) = wait_for_report(&mut received, "coep", |body| match body {
                ReportData::Coep(violation) => Some(violation.clone()),
                _ => None,
            })
            .await;
            assert_eq!(report.url, page, "{report:#?}");
            assert_eq!(violation.kind, "corp", "{violation:#?}");
            assert_eq!(
                violation.blocked_url,
                format!("{other}/pixel.svg"),
                "{violation:#?}"
            );
            assert_eq!(
                violation.destination.as_deref(),
                Some("image"),
                "{violation:#?}"
            );
            assert_eq!(
                violation.disposition.as_deref(),
                Some("enforce"),
                "{violation:#?}"
            );
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 9b. `Cross-Origin-Opener-Policy: same-origin; report-to="isolation"`: a page of another
//     origin that opens it as a popup loses it, and the `coop` report arrives typed; with
//     the report-only header instead, the popup stays the opener's and the report says
//     `reporting`.

/// A plain page: the opener and the popups of scenario 9b.
async fn plain_page() -> Html<&'static str> {
    Html(
        "<!doctype html><html lang=\"en\"><head><title>page</title></head><body><p>page</p></body></html>",
    )
}

#[tokio::test]
async fn coop_severs_a_cross_origin_opener_and_reports_it() {
    let identity = TlsIdentity::new();
    let trust = format!(
        "--ignore-certificate-errors-spki-list={}",
        identity.spki_sha256
    );
    e2e_with(
        "coop_severs_a_cross_origin_opener_and_reports_it",
        &[trust],
        |browser| async move {
            let (sender, mut received) = mpsc::unbounded_channel();
            let endpoint = ReportEndpoint::default().on_report(move |report| {
                let _ = sender.send(report.clone());
            });
            let endpoints = ReportingEndpoints::new()
                .endpoint("isolation", "/csp-report")
                .expect("a valid endpoint");
            let enforced = SecurityHeaders::new()
                .header(
                    CrossOriginOpenerPolicy::SameOrigin
                        .report_to("isolation")
                        .expect("a valid name"),
                )
                .reporting_endpoints(endpoints.clone());
            let report_only = SecurityHeaders::new()
                .header(CrossOriginOpenerPolicy::UnsafeNone)
                .header(
                    CrossOriginOpenerPolicy::SameOrigin
                        .report_only()
                        .report_to("isolation")
                        .expect("a valid name"),
                )
                .reporting_endpoints(endpoints);
            let isolated = tls_site(identity.clone()).await.serve(
                Router::new()
                    .route("/", get(plain_page))
                    .layer(SecurityHeadersLayer::new(enforced).report_endpoint(endpoint.clone())),
            );
            let reported = tls_site(identity.clone()).await.serve(
                Router::new()
                    .route("/", get(plain_page))
                    .layer(SecurityHeadersLayer::new(report_only).report_endpoint(endpoint)),
            );
            // The opener: another origin, without COOP.
            let opener = tls_site(identity)
                .await
                .serve(Router::new().route("/", get(plain_page)));
            browser
                .goto(&format!("{opener}/"))
                .await
                .expect("open the opener");

            let open = |url: String| {
                format!(
                    "window.popup = window.open('{url}/', '_blank'); return window.popup !== null;"
                )
            };
            assert_eq!(js(&browser, &open(isolated.clone())).await, json!(true));
            // The popup went to another browsing context group: the opener's handle is closed.
            let severed = wait_for_js(
                &browser,
                "return window.popup.closed ? true : null;",
                SOON,
                "the COOP popup to be severed from its opener",
            )
            .await;
            assert_eq!(severed, json!(true));
            let (report, violation) = wait_for_report(&mut received, "coop", |body| match body {
                ReportData::Coop(violation) => Some(violation.clone()),
                _ => None,
            })
            .await;
            assert_eq!(report.url, format!("{isolated}/"), "{report:#?}");
            assert_eq!(violation.kind, "navigation-to-response", "{violation:#?}");
            assert_eq!(
                violation.disposition.as_deref(),
                Some("enforce"),
                "{violation:#?}"
            );
            assert_eq!(
                violation.effective_policy.as_deref(),
                Some("same-origin"),
                "{violation:#?}"
            );

            // Report-only: the popup stays the opener's, and the report says so.
            assert_eq!(js(&browser, &open(reported.clone())).await, json!(true));
            let (report, violation) =
                wait_for_report(&mut received, "report-only coop", |body| match body {
                    ReportData::Coop(violation) => Some(violation.clone()),
                    _ => None,
                })
                .await;
            assert_eq!(report.url, format!("{reported}/"), "{report:#?}");
            assert_eq!(violation.kind, "navigation-to-response", "{violation:#?}");
            assert_eq!(
                violation.disposition.as_deref(),
                Some("reporting"),
                "{violation:#?}"
            );
            assert_eq!(
                js(&browser, "return window.popup.closed;").await,
                json!(false),
                "the report-only popup is still the opener's"
            );
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 10. Rebuilding after the hashed file changed: a program whose policy allows only the
//     `sha384(file: "static/inline.js")` of its build runs that file's script; once the file
//     is edited, the running program refuses the new text (its hash is still the old one);
//     rebuilt, it runs the new text and refuses the old.

/// The script of each version: it writes "ran" into the paragraph of its version.
const REBUILD_V1: &str = "document.getElementById('v1').textContent = 'ran';";
const REBUILD_V2: &str = "document.getElementById('v2').textContent = 'ran';";

#[tokio::test]
async fn editing_the_hashed_file_and_rebuilding_changes_the_allowed_script() {
    e2e(
        "editing_the_hashed_file_and_rebuilding_changes_the_allowed_script",
        |browser| async move {
            let fixture = RebuildFixture::new();
            fixture.write_script(REBUILD_V1);
            let built = fixture.build().await;
            note(&format!(
                "rebuild: first build of the fixture took {:.1} s",
                built.as_secs_f64()
            ));
            let binary_v1 = fixture.binary_modified();

            let server = fixture.serve(&["static/inline.js"]).await;
            browser.goto(&server.url).await.expect("open the page");
            assert_eq!(
                [text(&browser, "v1").await, text(&browser, "v2").await],
                ["ran", "not run"],
                "built with v1 of the file, serving v1"
            );

            // Edited, not rebuilt: the program serves the new text under the old hash.
            fixture.write_script(REBUILD_V2);
            browser.goto(&server.url).await.expect("reload the page");
            assert_eq!(
                [text(&browser, "v1").await, text(&browser, "v2").await],
                ["not run", "not run"],
                "built with v1 of the file, serving v2"
            );
            drop(server);

            let rebuilt = fixture.build().await;
            note(&format!(
                "rebuild: the build after the edit took {:.1} s",
                rebuilt.as_secs_f64()
            ));
            assert_ne!(
                fixture.binary_modified(),
                binary_v1,
                "cargo rebuilt the program after its hashed file changed"
            );
            // The new text from the edited file, and the old text from a copy of version 1.
            std::fs::write(fixture.dir.path().join("old.js"), REBUILD_V1).expect("write old.js");
            let server = fixture.serve(&["static/inline.js", "old.js"]).await;
            browser
                .goto(&server.url)
                .await
                .expect("open the rebuilt page");
            assert_eq!(
                [text(&browser, "v1").await, text(&browser, "v2").await],
                ["not run", "ran"],
                "rebuilt with v2 of the file, serving v2 and v1"
            );
        },
    )
    .await;
}

/// A copy of `e2e/fixtures/rebuild` in a temporary directory, depending on this workspace's
/// `secure-http` by path and built with this workspace's `Cargo.lock`, offline, into a
/// target directory of its own that is kept between runs (next to this test's), so that
/// only the first run compiles its dependencies.
struct RebuildFixture {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl RebuildFixture {
    fn new() -> Self {
        let e2e = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let workspace = e2e.parent().expect("e2e/ is in the workspace");
        let dir = tempfile::Builder::new()
            .prefix("secure-e2e-rebuild-")
            .tempdir()
            .expect("a temporary directory");
        std::fs::create_dir_all(dir.path().join("src")).expect("create src/");
        std::fs::create_dir_all(dir.path().join("static")).expect("create static/");
        std::fs::copy(
            e2e.join("fixtures/rebuild/src/main.rs"),
            dir.path().join("src/main.rs"),
        )
        .expect("copy the fixture's main.rs");
        std::fs::copy(workspace.join("Cargo.lock"), dir.path().join("Cargo.lock"))
            .expect("copy Cargo.lock");
        let manifest = format!(
            "[package]\nname = \"secure-e2e-rebuild\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nsecure-http = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
            workspace.display().to_string()
        );
        std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("write Cargo.toml");
        // target/debug/deps/e2e-..., so target/ is three levels up.
        let executable = std::env::current_exe().expect("the test's executable");
        let target = executable
            .ancestors()
            .nth(3)
            .expect("the target directory")
            .join("e2e-rebuild");
        Self { dir, target }
    }

    fn write_script(&self, text: &str) {
        std::fs::write(self.dir.path().join("static/inline.js"), text)
            .expect("write static/inline.js");
    }

    fn binary(&self) -> PathBuf {
        self.target.join("debug/secure-e2e-rebuild")
    }

    fn binary_modified(&self) -> std::time::SystemTime {
        std::fs::metadata(self.binary())
            .and_then(|m| m.modified())
            .expect("the built program")
    }

    /// `cargo build`, offline; how long it took.
    async fn build(&self) -> Duration {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .args(["build", "--offline", "--quiet", "--manifest-path"])
            .arg(self.dir.path().join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &self.target);
        let started = Instant::now();
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .expect("the build task")
            .expect("run cargo build");
        assert!(
            output.status.success(),
            "building the fixture failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        started.elapsed()
    }

    /// Starts the program with these script files (relative to the fixture), once it says
    /// which port it listens on.
    async fn serve(&self, scripts: &[&str]) -> FixtureServer {
        let port_file = self.dir.path().join("port");
        let _ = std::fs::remove_file(&port_file);
        let process = spawn_in_own_group(
            Command::new(self.binary())
                .arg(&port_file)
                .args(scripts)
                .current_dir(self.dir.path()),
        )
        .expect("start the fixture");
        let mut server = FixtureServer {
            process,
            url: String::new(),
        };
        let started = Instant::now();
        loop {
            if let Ok(port) = std::fs::read_to_string(&port_file)
                && !port.is_empty()
            {
                server.url = format!("http://127.0.0.1:{port}/");
                return server;
            }
            if let Ok(Some(status)) = server.process.try_wait() {
                panic!("the fixture exited before listening: {status}");
            }
            assert!(
                started.elapsed() < SOON,
                "the fixture did not start listening"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The running fixture, ended when dropped.
struct FixtureServer {
    process: Child,
    url: String,
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        end_group(&mut self.process);
    }
}

// ---------------------------------------------------------------------------------------
// 11. From report-only to a policy that allows the page: Chromium's reports of a page that
//     violates a report-only policy with `'report-sample'` are aggregated at the endpoint
//     (and exported as JSON lines through the callback); `report::learn::suggest` turns them
//     into a hash of the inline script and the external script's origin; that policy,
//     enforced, lets the page run with no violation.

/// The external script: it records every violation the page sees in `window.violations`,
/// then writes "ran" into `#external`. It runs before the inline script, which it can
/// therefore watch.
const WATCHER_JS: &str = "window.violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.disposition);
});
document.getElementById('external').textContent = 'ran';
";

/// The inline script: under 40 characters, so that its `'report-sample'` is all of it.
const LEARN_INLINE: &str = "inline.textContent='ran'";

fn learn_page(external_origin: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>learn</title></head><body>
<p id="external">not run</p>
<p id="inline">not run</p>
<script src="{external_origin}/watcher.js"></script>
<script>{LEARN_INLINE}</script>
</body></html>"#
    ))
}

#[tokio::test]
async fn suggestions_from_chromium_reports_let_the_page_run() {
    e2e(
        "suggestions_from_chromium_reports_let_the_page_run",
        |browser| async move {
            use secure_http::report::{ViolationAggregate, learn, read_json_lines};
            let external = site().await.serve(Router::new().route(
                "/watcher.js",
                get(|| async { ([("content-type", "text/javascript")], WATCHER_JS) }),
            ));
            let page = |policy: SecurityHeaders, endpoint: ReportEndpoint| {
                let external = external.clone();
                Router::new()
                    .route(
                        "/",
                        get(move || {
                            let external = external.clone();
                            async move { learn_page(&external) }
                        }),
                    )
                    .layer(SecurityHeadersLayer::new(policy).report_endpoint(endpoint))
            };

            // Report-only: nothing is blocked, every violation is reported.
            // `img-src` for Chromium's request of /favicon.ico.
            let report_only: ContentSecurityPolicy = csp! {
                default-src: none,
                script-src: self report-sample,
                img-src: self,
            };
            let aggregate = ViolationAggregate::new(100);
            let (sender, mut lines) = mpsc::unbounded_channel();
            let endpoint = ReportEndpoint::default()
                .with_aggregate(aggregate.clone())
                .on_violation(move |violation| {
                    let _ = sender.send(violation.to_json_line());
                });
            let learning = site().await.serve(page(
                SecurityHeaders::new()
                    .without_content_security_policy()
                    .content_security_policy_report_only(report_only.clone()),
                endpoint,
            ));
            browser
                .goto(&format!("{learning}/"))
                .await
                .expect("open the page");
            assert_eq!(
                [
                    text(&browser, "external").await,
                    text(&browser, "inline").await
                ],
                ["ran", "ran"],
                "report-only blocks nothing"
            );
            // The watcher saw the inline script's violation, and may have seen its own (the
            // event is queued while the script loads, and may fire before it runs).
            let seen = js(&browser, "return window.violations;").await;
            let own = format!("script-src-elem {external}/watcher.js report");
            let seen: Vec<&str> = seen
                .as_array()
                .unwrap_or_else(|| panic!("{seen}"))
                .iter()
                .map(|v| v.as_str().unwrap_or_default())
                .filter(|v| *v != own)
                .collect();
            assert_eq!(seen, ["script-src-elem inline report"]);
            let mut exported = Vec::new();
            let deadline = tokio::time::Instant::now() + SOON;
            while exported.len() < 2 {
                match tokio::time::timeout_at(deadline, lines.recv()).await {
                    Ok(Some(line)) => exported.push(line),
                    Ok(None) => panic!("the report endpoint is gone"),
                    Err(_) => panic!("waited {SOON:?} for two reports; received {exported:#?}"),
                }
            }
            let snapshot = aggregate.snapshot();
            let groups: Vec<(&str, String, u64)> = snapshot
                .groups
                .iter()
                .map(|g| (g.directive.as_str(), g.blocked.as_text(), g.count))
                .collect();
            let mut expected_groups = vec![
                ("script-src-elem", external.clone(), 1),
                ("script-src-elem", "inline".to_owned(), 1),
            ];
            expected_groups.sort();
            let mut sorted = groups.clone();
            sorted.sort();
            assert_eq!(sorted, expected_groups, "{snapshot:#?}");

            let suggestions = learn::suggest(&report_only, &snapshot.groups);
            let inline_hash = format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(LEARN_INLINE))
            );
            let suggested = suggestions.policy().as_str().to_owned();
            let mut script_sources: Vec<&str> = suggested
                .strip_prefix("default-src 'none'; script-src ")
                .and_then(|rest| rest.strip_suffix("; img-src 'self'"))
                .unwrap_or_else(|| panic!("{suggested}"))
                .split(' ')
                .collect();
            script_sources.sort_unstable();
            let mut expected_sources = vec!["'self'", "'report-sample'", &inline_hash, &external];
            expected_sources.sort_unstable();
            assert_eq!(script_sources, expected_sources, "{suggested}");
            assert!(suggestions.notes().is_empty(), "{:#?}", suggestions.notes());
            let csp_macro = suggestions.csp_macro().expect("a csp! form");
            assert!(
                csp_macro.contains(&format!("\"{inline_hash}\""))
                    && csp_macro.contains(&format!("\"{external}\"")),
                "{csp_macro}"
            );

            // The JSON lines exported through the callback suggest the same (as
            // `secure-http suggest` reads them).
            let read = read_json_lines(&exported.join("\n")).expect("the exported lines");
            let from_lines = ViolationAggregate::default();
            read.iter().for_each(|v| from_lines.record(v));
            assert_eq!(
                learn::suggest(&report_only, &from_lines.snapshot().groups)
                    .policy()
                    .as_str(),
                suggested
            );

            // The suggestion, enforced: both scripts run and the page sees no violation.
            let enforced = site().await.serve(page(
                SecurityHeaders::new().content_security_policy(suggestions.policy().clone()),
                ReportEndpoint::default(),
            ));
            browser
                .goto(&format!("{enforced}/"))
                .await
                .expect("open the page");
            assert_eq!(
                [
                    text(&browser, "external").await,
                    text(&browser, "inline").await
                ],
                ["ran", "ran"],
                "under the suggested policy, enforced"
            );
            assert_eq!(js(&browser, "return window.violations;").await, json!([]));
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// 12. The demo's `/learn` page (examples/demo.rs, served as `cargo run --example demo` serves
//     it): Chromium's reports of what its report-only policy would block are collected, and
//     the page shows each group with the suggested change, as a header and as `csp!`.

#[allow(dead_code)] // `main` and what only it uses: the test serves the demo's `app()`.
#[path = "../../examples/demo.rs"]
mod demo;

#[tokio::test]
async fn the_demos_learn_page_shows_the_violations_and_the_suggestion() {
    e2e(
        "the_demos_learn_page_shows_the_violations_and_the_suggestion",
        |browser| async move {
            let origin = site().await.serve(demo::app());
            browser
                .goto(&format!("{origin}/learn"))
                .await
                .expect("open /learn");
            assert_eq!(
                text(&browser, "inline-short").await,
                "An inline script without the nonce ran (report-only), and was reported."
            );
            // The page asks for the suggestion every 2 s; it is complete once every group
            // has been reported.
            let shown = wait_for_js(
                &browser,
                "const text = document.getElementById('suggestion').textContent; \
                 return text.startsWith('4 group(s)') ? text : null;",
                SOON,
                "the four groups of violations on /learn",
            )
            .await;
            let shown = shown.as_str().expect("text");
            let inline_hash = |code: &str| {
                format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(code))
                )
            };
            // The page's inline script and its `style` attribute, hashed here from their text.
            let script = inline_hash("window.learned = 1");
            let style = inline_hash("font-style: italic");
            // Groups come most violations first, then by directive.
            let expected = format!(
                "4 group(s) of violations:
  1 x img-src blocked data:
  1 x script-src blocked eval
  1 x script-src-elem blocked inline
  1 x style-src-attr blocked inline

change: script-src += {script} (lints: none)
change: style-src += 'unsafe-hashes' {style} (lints: none)
change: img-src += data: (lints: none)
not allowed: script-src: eval blocked 1 time(s) in {origin}/learn: not allowed, since 'unsafe-eval' would run injected strings as code (lint `unsafe_eval`); replace eval(), new Function() and string timers

suggested header: default-src 'self'; script-src 'nonce' 'strict-dynamic' 'report-sample' {script}; style-src 'self' 'nonce' 'report-sample' 'unsafe-hashes' {style}; img-src 'self' data:; object-src 'none'; base-uri 'none'; report-uri /csp-report

csp! {{
    default-src: self,
    script-src: nonce strict-dynamic report-sample \"{script}\",
    style-src: self nonce report-sample unsafe-hashes \"{style}\",
    img-src: self data:,
    object-src: none,
    base-uri: none,
    report-uri: \"/csp-report\",
}}"
            );
            assert_eq!(shown.trim_end(), expected);
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// Test servers.

/// A listening socket on 127.0.0.1, bound before its routes are made, so that its origin
/// can go into other servers' pages and policies.
struct Site {
    listener: tokio::net::TcpListener,
    origin: String,
}

async fn site() -> Site {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind a loopback port");
    let origin = format!("http://{}", listener.local_addr().expect("bound"));
    Site { listener, origin }
}

impl Site {
    /// Serves `app` until the test's runtime ends; returns the origin.
    fn serve(self, app: Router) -> String {
        tokio::spawn(async move { axum::serve(self.listener, app).await });
        self.origin
    }
}

/// A self-signed certificate for 127.0.0.1, made at run time, and the base64 SHA-256 of its
/// public key, which `--ignore-certificate-errors-spki-list` takes: that Chromium then
/// trusts this one certificate and no other.
#[derive(Clone)]
struct TlsIdentity {
    config: Arc<ServerConfig>,
    spki_sha256: String,
}

impl TlsIdentity {
    fn new() -> Self {
        let key = KeyPair::generate().expect("a key pair");
        let mut params = CertificateParams::default();
        params.subject_alt_names = vec![SanType::IpAddress(Ipv4Addr::LOCALHOST.into())];
        let certificate = params.self_signed(&key).expect("a certificate");
        let spki_sha256 = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(key.subject_public_key_info()));
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![certificate.der().clone()],
                PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
            )
            .expect("a TLS configuration");
        Self {
            config: Arc::new(config),
            spki_sha256,
        }
    }
}

/// A listening socket on 127.0.0.1 that speaks https.
struct TlsSite {
    listener: tokio::net::TcpListener,
    acceptor: TlsAcceptor,
    origin: String,
}

async fn tls_site(identity: TlsIdentity) -> TlsSite {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind a loopback port");
    let origin = format!("https://{}", listener.local_addr().expect("bound"));
    TlsSite {
        listener,
        acceptor: TlsAcceptor::from(identity.config),
        origin,
    }
}

impl TlsSite {
    /// Serves `app` until the test's runtime ends, each connection on its own task; returns
    /// the origin.
    fn serve(self, app: Router) -> String {
        let Self {
            listener, acceptor, ..
        } = self;
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (acceptor, app) = (acceptor.clone(), app.clone());
                tokio::spawn(async move {
                    if let Ok(tls) = acceptor.accept(tcp).await {
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(tls), TowerToHyperService::new(app))
                            .await;
                    }
                });
            }
        });
        self.origin
    }
}

/// The violations a report endpoint received, as its `on_violation` callback hands them over.
struct Reports {
    received: mpsc::UnboundedReceiver<CspViolation>,
}

fn reports() -> (ReportEndpoint, Reports) {
    let (sender, received) = mpsc::unbounded_channel();
    let endpoint = ReportEndpoint::default().on_violation(move |violation| {
        let _ = sender.send(violation.clone());
    });
    (endpoint, Reports { received })
}

impl Reports {
    /// The first violation that `wanted` accepts, failing after `within`.
    async fn wait_for(
        &mut self,
        what: &str,
        within: Duration,
        wanted: impl Fn(&CspViolation) -> bool,
    ) -> CspViolation {
        let deadline = tokio::time::Instant::now() + within;
        let mut others = Vec::new();
        loop {
            match tokio::time::timeout_at(deadline, self.received.recv()).await {
                Ok(Some(violation)) if wanted(&violation) => return violation,
                Ok(Some(violation)) => others.push(violation),
                Ok(None) => panic!("the report endpoint is gone"),
                Err(_) => panic!("waited {within:?} for the {what}; received instead: {others:#?}"),
            }
        }
    }
}

/// The first report `pick` takes something from, with what it took, waiting as long as the
/// Reporting API may hold reports; the other reports received meanwhile are shown on failure.
async fn wait_for_report<T>(
    received: &mut mpsc::UnboundedReceiver<Report>,
    what: &str,
    pick: impl Fn(&ReportData) -> Option<T>,
) -> (Report, T) {
    let deadline = tokio::time::Instant::now() + REPORTING_API_LIMIT;
    let mut others = Vec::new();
    loop {
        match tokio::time::timeout_at(deadline, received.recv()).await {
            Ok(Some(report)) => match pick(&report.body) {
                Some(taken) => return (report, taken),
                None => others.push(report),
            },
            Ok(None) => panic!("the report endpoint is gone"),
            Err(_) => panic!(
                "waited {REPORTING_API_LIMIT:?} for the {what} report; received instead: {others:#?}"
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The browser.

/// Runs `test` in a fresh Chromium when `SECURE_E2E=1`, and ends the browser afterwards,
/// whether the test passed or not.
async fn e2e<F, T>(name: &str, test: F)
where
    F: FnOnce(Client) -> T,
    T: Future<Output = ()> + Send + 'static,
{
    e2e_with(name, &[], test).await;
}

/// [`e2e`], with these Chromium arguments added to the usual ones.
async fn e2e_with<F, T>(name: &str, chromium_args: &[String], test: F)
where
    F: FnOnce(Client) -> T,
    T: Future<Output = ()> + Send + 'static,
{
    match std::env::var("SECURE_E2E").as_deref() {
        Ok("1") => {}
        Ok("" | "0") | Err(_) => {
            note(&format!(
                "skipped {name}: set SECURE_E2E=1 to run the browser tests"
            ));
            return;
        }
        Ok(other) => panic!("SECURE_E2E must be 1 (run the browser tests) or 0, not {other:?}"),
    }
    let driver = Driver::start(chromium_args).await;
    let browser = driver.client.clone();
    let outcome = tokio::time::timeout(TEST_LIMIT, tokio::spawn(test(browser))).await;
    let closed = tokio::time::timeout(Duration::from_secs(20), driver.client.clone().close()).await;
    drop(driver);
    match outcome {
        Err(_) => panic!("{name} did not finish within {TEST_LIMIT:?}"),
        Ok(Err(error)) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Ok(Err(error)) => panic!("{name} did not finish: {error}"),
        Ok(Ok(())) => {}
    }
    match closed {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("could not end the WebDriver session: {error}"),
        Err(_) => panic!("ending the WebDriver session took over 20 s"),
    }
}

/// A line for whoever runs the tests, shown even when cargo captures the test's output (it
/// goes to stderr directly, not through `eprintln!`), in one write so that it is never cut
/// by other output. .ci/run counts the "secure e2e: skipped" lines.
fn note(line: &str) {
    let line = format!("secure e2e: {line}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// A chromedriver process, its WebDriver session with a headless Chromium, and the
/// Chromium profile. Dropping it ends chromedriver and anything left in its process group.
struct Driver {
    client: Client,
    process: Child,
    _profile: tempfile::TempDir,
}

impl Driver {
    async fn start(extra_args: &[String]) -> Self {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let profile = tempfile::Builder::new()
            .prefix("secure-e2e-")
            .tempdir()
            .expect("a temporary directory");
        let log = profile.path().join("chromedriver.log");
        let user_data_dir = profile.path().join("profile");

        // `--port=0`: the system picks a free port, which chromedriver prints when it listens.
        let mut process = spawn_in_own_group(
            Command::new(&chromedriver)
                .arg("--port=0")
                .arg(format!("--log-path={}", log.display()))
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .unwrap_or_else(|error| {
            panic!(
                "SECURE_E2E=1 but chromedriver could not be started ({chromedriver}: {error}); \
                 install Debian's chromium and chromium-driver, or set CHROMEDRIVER"
            )
        });
        let stdout = process.stdout.take().expect("piped");
        let (port_sender, port_received) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // Read to the end, so that chromedriver never blocks on a full pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let port = line
                    .strip_prefix("ChromeDriver was started successfully on port ")
                    .and_then(|rest| rest.trim_end_matches('.').parse::<u16>().ok());
                if let Some(port) = port {
                    let _ = port_sender.send(port);
                }
            }
        });
        let mut driver = DriverProcess {
            process: Some(process),
            log,
        };
        let started = Instant::now();
        let port = loop {
            if let Ok(port) = port_received.try_recv() {
                break port;
            }
            if let Some(status) = driver.exited() {
                driver.fail(&format!("chromedriver exited at start-up ({status})"));
            }
            if started.elapsed() > Duration::from_secs(30) {
                driver.fail("chromedriver did not say it was listening within 30 s");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let webdriver = format!("http://127.0.0.1:{port}");

        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            format!("--user-data-dir={}", user_data_dir.display()),
        ];
        args.extend_from_slice(extra_args);
        let capabilities = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "pageLoad": 30_000, "script": 30_000 },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": args,
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("an object")
        };
        let client = tokio::time::timeout(
            Duration::from_secs(60),
            ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities)
                .connect(&webdriver),
        )
        .await;
        let client = match client {
            Ok(Ok(client)) => client,
            Ok(Err(error)) => driver.fail(&format!(
                "SECURE_E2E=1 but Chromium ({chromium}) could not be started through chromedriver: {error}"
            )),
            Err(_) => driver.fail("starting Chromium through chromedriver took over 60 s"),
        };
        Self {
            client,
            process: driver.process.take().expect("running"),
            _profile: profile,
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        end_group(&mut self.process);
    }
}

/// chromedriver while the session is being made: failing shows its log, and ends it.
struct DriverProcess {
    process: Option<Child>,
    log: PathBuf,
}

impl DriverProcess {
    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.process.as_mut()?.try_wait().ok().flatten()
    }

    fn fail(&mut self, message: &str) -> ! {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        panic!(
            "{message}\nthe last lines of chromedriver's log:\n{}",
            tail.join("\n")
        );
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        if let Some(process) = &mut self.process {
            end_group(process);
        }
    }
}

/// Starts the command as the leader of a new process group, so that whatever it starts
/// (Chromium and its helpers) can be ended with it.
fn spawn_in_own_group(command: &mut Command) -> std::io::Result<Child> {
    use std::os::unix::process::CommandExt as _;
    command.process_group(0).spawn()
}

/// Ends the process group led by `process` (its id is the group's), then reaps the leader.
fn end_group(process: &mut Child) {
    if process.try_wait().ok().flatten().is_none() {
        // The leader is not reaped yet, so its id cannot have been reused.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", process.id())])
            .stderr(Stdio::null())
            .status();
        let _ = process.kill();
    }
    let _ = process.wait();
}

// ---------------------------------------------------------------------------------------
// Reading the page.

async fn js(browser: &Client, script: &str) -> Value {
    browser
        .execute(script, Vec::new())
        .await
        .unwrap_or_else(|error| panic!("running {script:?} in the page: {error}"))
}

/// The text of the element with this id.
async fn text(browser: &Client, id: &str) -> String {
    browser
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|error| panic!("no element #{id}: {error}"))
        .text()
        .await
        .unwrap_or_else(|error| panic!("the text of #{id}: {error}"))
}

/// Runs `script` until it returns something other than `null`, and returns that. Errors
/// count as `null`: while a page is being replaced, scripts cannot run.
async fn wait_for_js(browser: &Client, script: &str, within: Duration, what: &str) -> Value {
    let started = Instant::now();
    loop {
        let last = match browser.execute(script, Vec::new()).await {
            Ok(Value::Null) => "null".to_owned(),
            Ok(value) => return value,
            Err(error) => error.to_string(),
        };
        if started.elapsed() > within {
            panic!("waited {within:?} for {what}; the script last gave {last}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The text of the element with this id, once it has some.
async fn wait_for_text(browser: &Client, id: &str, within: Duration) -> String {
    let script = format!(
        "const text = document.getElementById('{id}').textContent; return text === '' ? null : text;"
    );
    match wait_for_js(browser, &script, within, &format!("text in #{id}")).await {
        Value::String(text) => text,
        other => panic!("#{id} holds {other}"),
    }
}

async fn click(browser: &Client, id: &str) {
    browser
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|error| panic!("no element #{id}: {error}"))
        .click()
        .await
        .unwrap_or_else(|error| panic!("clicking #{id}: {error}"));
}

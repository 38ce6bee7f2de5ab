//! The one application every adapter serves, and the table of requests it must answer alike.
//!
//! Each framework's module builds this application with its adapter and serves it on a
//! loopback port (`spawn() -> SocketAddr`); [`run_table`] then sends every request of the
//! table over a real TCP connection and checks the answers, so no adapter can drift from the
//! others. The application:
//!
//! - the protections: [`pipeline`] (or, for tower and actix-web, their four layers in the
//!   documented order with the security headers outermost);
//! - `GET /`: 200, `text/html`, the body [`page`] with the response's nonce and CSRF token;
//! - `GET /boom`: 500 with the body `boom`;
//! - `POST /submit`: 200 with the body `submitted: {note}`, where `note` is the form field of
//!   that name (read by the handler after the CSRF check read the form: the body must be
//!   given back), or `submitted: ` when there is none;
//! - anything else: the framework's own 404.

use secure_http::csrf::{CsrfKey, CsrfKeys, CsrfProtection};
use secure_http::pipeline::Pipeline;
use secure_http::report::ReportEndpoint;
use secure_http::transport::{AllowedHosts, HttpsRedirect};
use secure_http::{SecurityHeaders, csp};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// The host the application serves.
pub const HOST: &str = "app.example";
/// The report endpoint's body limit in the application.
pub const REPORT_LIMIT: usize = 2048;

pub fn headers() -> SecurityHeaders {
    SecurityHeaders::new().content_security_policy(csp! {
        default-src: self,
        script-src: nonce strict-dynamic,
    })
}

pub fn reports() -> ReportEndpoint {
    ReportEndpoint::default()
        .with_body_limit(REPORT_LIMIT)
        .with_dedup_window(Duration::ZERO)
}

pub fn csrf() -> CsrfProtection {
    let key = CsrfKey::from_bytes(&[7; 32]).expect("a 32-byte key");
    CsrfProtection::new().tokens(CsrfKeys::new(key))
}

pub fn hosts() -> AllowedHosts {
    AllowedHosts::new([HOST]).expect("a valid host")
}

/// The test client is the trusted proxy: it says `X-Forwarded-Proto: https` on every request
/// but the one that must be redirected.
pub fn redirect() -> HttpsRedirect {
    HttpsRedirect::new().trust_proxy("127.0.0.1".parse().expect("an address"))
}

/// Every protection, for the adapters that take a whole pipeline (poem, salvo, rocket).
pub fn pipeline() -> Pipeline {
    Pipeline::new(headers())
        .report_endpoint(reports())
        .csrf(csrf())
        .allowed_hosts(hosts())
        .https_redirect(redirect())
}

/// The body of `GET /`.
pub fn page(nonce: &str, token: &str) -> String {
    format!("<p>nonce={nonce} token={token}</p>")
}

/// The body of `POST /submit` for the form field `note` (empty when absent).
pub fn submitted(note: &str) -> String {
    format!("submitted: {note}")
}

/// A response as read off the connection.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Sends one HTTP/1.1 request (`Connection: close` added) and reads the whole answer.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    send_bytes(addr, method, path, &as_bytes(headers), body)
}

/// Sends a request head as given (no `Content-Length` added) and the start of its body,
/// then reads the answer without sending the rest.
pub fn send_head(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body_start: &[u8],
) -> Reply {
    exchange(addr, &head(method, path, &as_bytes(headers)), body_start)
}

/// [`send`] with header values given as bytes, which need not be text.
pub fn send_bytes(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &[u8])],
    body: &[u8],
) -> Reply {
    let length = body.len().to_string();
    let mut headers = headers.to_vec();
    headers.insert(0, ("connection", b"close".as_slice()));
    if !body.is_empty() || method == "POST" {
        headers.push(("content-length", length.as_bytes()));
    }
    exchange(addr, &head(method, path, &headers), body)
}

/// Sends one HTTP/2 request without TLS (prior knowledge, as `curl --http2-prior-knowledge`)
/// to `path` with `:authority` set to `authority`, and `headers` beside it (a `host` among
/// them may differ from `:authority`), then reads the whole answer.
pub fn send_h2(addr: SocketAddr, authority: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
        let (client, connection) = h2::client::handshake(tcp)
            .await
            .expect("an HTTP/2 handshake");
        tokio::spawn(connection);
        let mut request = http::Request::builder().uri(format!("http://{authority}{path}"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(()).expect("a request");
        let mut client = client.ready().await.expect("a stream");
        let (answer, _) = client.send_request(request, true).expect("sent");
        let answer = answer.await.expect("an answer");
        let status = answer.status().as_u16();
        let headers = answer
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = answer.into_body();
        let mut bytes = Vec::new();
        while let Some(chunk) = body.data().await {
            let chunk = chunk.expect("a body chunk");
            let _ = body.flow_control().release_capacity(chunk.len());
            bytes.extend_from_slice(&chunk);
        }
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    })
}

/// Header lines with their values as bytes.
fn as_bytes<'a>(headers: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a [u8])> {
    headers
        .iter()
        .map(|(name, value)| (*name, value.as_bytes()))
        .collect()
}

/// An HTTP/1.1 request head with these header lines, in order.
fn head(method: &str, path: &str, headers: &[(&str, &[u8])]) -> Vec<u8> {
    let mut request = format!("{method} {path} HTTP/1.1\r\n").into_bytes();
    for (name, value) in headers {
        request.extend_from_slice(format!("{name}: ").as_bytes());
        request.extend_from_slice(value);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    request
}

/// Writes `head` and `body`, then reads until the server closes the connection.
fn exchange(addr: SocketAddr, head: &[u8], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    stream.write_all(head).expect("write");
    stream.write_all(body).expect("write body");
    let mut raw = Vec::new();
    // A server that answers before reading the body may reset the connection: what was
    // read before that is the answer.
    let _ = stream.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&data[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// The headers of a request as the trusted proxy forwards it for `app.example`.
const PROXIED: [(&str, &str); 2] = [("host", HOST), ("x-forwarded-proto", "https")];

fn with<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    PROXIED
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect()
}

/// The security headers every answer carries, refusals and errors included.
fn assert_secured(framework: &str, case: &str, reply: &Reply) {
    let csp = reply
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{framework}, {case}: no CSP in {reply:?}"));
    assert!(
        csp.starts_with("default-src 'self'; script-src 'nonce-")
            && csp.ends_with("report-uri /csp-report"),
        "{framework}, {case}: CSP {csp:?}"
    );
    assert_eq!(
        reply.header("strict-transport-security"),
        Some("max-age=31536000; includeSubDomains; preload"),
        "{framework}, {case}"
    );
    assert_eq!(
        reply.header("x-content-type-options"),
        Some("nosniff"),
        "{framework}, {case}"
    );
    assert_eq!(
        reply.header("x-frame-options"),
        Some("SAMEORIGIN"),
        "{framework}, {case}"
    );
}

/// The nonce the CSP of `reply` carries.
fn csp_nonce(reply: &Reply) -> String {
    let csp = reply.header("content-security-policy").expect("a CSP");
    let start = csp.find("'nonce-").expect("a nonce source") + "'nonce-".len();
    csp[start..].split('\'').next().expect("closed").to_owned()
}

/// `nonce=… token=…` of the page.
fn page_values(reply: &Reply) -> (String, String) {
    let body = reply
        .body
        .trim_start_matches("<p>")
        .trim_end_matches("</p>");
    let (nonce, token) = body.split_once(' ').expect("two values");
    (
        nonce.trim_start_matches("nonce=").to_owned(),
        token.trim_start_matches("token=").to_owned(),
    )
}

const REPORT: &str = r#"{"csp-report":{"document-uri":"https://app.example/","violated-directive":"script-src","effective-directive":"script-src","original-policy":"default-src 'self'","blocked-uri":"inline","disposition":"enforce","status-code":200}}"#;

/// Runs the whole table against the application served at `addr` by `framework`.
pub fn run_table(framework: &str, addr: SocketAddr) {
    // A page: 200, the nonce of the header is the one the handler got, a token and its cookie.
    let first = send(addr, "GET", "/", &PROXIED, b"");
    assert_eq!(first.status, 200, "{framework}: GET / {first:?}");
    assert_secured(framework, "GET /", &first);
    let (nonce, token) = page_values(&first);
    assert_eq!(
        nonce,
        csp_nonce(&first),
        "{framework}: the handler's nonce is the header's"
    );
    assert!(token.len() > 20, "{framework}: a CSRF token, got {token:?}");
    let cookie = first
        .all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("__Host-csrf="))
        .unwrap_or_else(|| panic!("{framework}: no CSRF cookie in {first:?}"));
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly"),
        "{framework}: {cookie}"
    );
    let cookie = cookie.split(';').next().expect("name=value").to_owned();
    assert!(
        first
            .all("vary")
            .iter()
            .any(|v| v.to_ascii_lowercase().contains("cookie")),
        "{framework}: a page holding a token varies on the cookie"
    );

    // A fresh nonce per response.
    let second = send(addr, "GET", "/", &PROXIED, b"");
    assert_ne!(
        csp_nonce(&first),
        csp_nonce(&second),
        "{framework}: nonce reused"
    );

    // Errors carry the headers too.
    let missing = send(addr, "GET", "/no-such-page", &PROXIED, b"");
    assert_eq!(missing.status, 404, "{framework}: {missing:?}");
    assert_secured(framework, "404", &missing);
    let boom = send(addr, "GET", "/boom", &PROXIED, b"");
    assert_eq!(boom.status, 500, "{framework}: {boom:?}");
    assert_secured(framework, "500", &boom);

    // Transport: a host not served, and plain HTTP.
    let other_host = send(
        addr,
        "GET",
        "/",
        &[("host", "evil.example"), ("x-forwarded-proto", "https")],
        b"",
    );
    assert_eq!(other_host.status, 400, "{framework}: {other_host:?}");
    assert_eq!(other_host.body, "host not allowed", "{framework}");
    assert_secured(framework, "host refused", &other_host);
    // An absolute-form target names the allowed host, the `Host` header (which the
    // application reads) another: refused, as is a second `Host` beside the target.
    for hosts in [&["evil.example"][..], &[HOST, "evil.example"]] {
        let mut headers: Vec<(&str, &str)> = hosts.iter().map(|host| ("host", *host)).collect();
        headers.push(("x-forwarded-proto", "https"));
        let split = send(addr, "GET", "http://app.example/", &headers, b"");
        assert_eq!(split.status, 400, "{framework}: {hosts:?}: {split:?}");
    }
    let plain = send(addr, "GET", "/a?b=1", &[("host", HOST)], b"");
    assert_eq!(plain.status, 308, "{framework}: {plain:?}");
    assert_eq!(
        plain.header("location"),
        Some("https://app.example/a?b=1"),
        "{framework}"
    );
    let spoofed = send(
        addr,
        "GET",
        "/",
        &[("host", HOST), ("forwarded", "proto=http")],
        b"",
    );
    assert_eq!(spoofed.status, 308, "{framework}: {spoofed:?}");
    // A request target that says `https` is the client's word, not the connection's: on
    // this plain listener it is redirected like any other (it used to pass).
    let claimed = send(addr, "GET", "https://app.example/a", &[("host", HOST)], b"");
    assert_eq!(claimed.status, 308, "{framework}: {claimed:?}");
    assert_eq!(
        claimed.header("location"),
        Some("https://app.example/a"),
        "{framework}"
    );

    // The report endpoint.
    let csp_report = [("content-type", "application/csp-report")];
    let ok = send(
        addr,
        "POST",
        "/csp-report",
        &with(&csp_report),
        REPORT.as_bytes(),
    );
    assert_eq!(ok.status, 204, "{framework}: {ok:?}");
    assert_secured(framework, "report 204", &ok);
    let get = send(addr, "GET", "/csp-report", &PROXIED, b"");
    assert_eq!(get.status, 405, "{framework}: {get:?}");
    assert_eq!(get.header("allow"), Some("POST"), "{framework}");
    let malformed = send(
        addr,
        "POST",
        "/csp-report",
        &with(&csp_report),
        b"{not json",
    );
    assert_eq!(malformed.status, 400, "{framework}: {malformed:?}");
    let large = vec![b' '; REPORT_LIMIT + 1];
    let too_large = send(addr, "POST", "/csp-report", &with(&csp_report), &large);
    assert_eq!(too_large.status, 413, "{framework}: {too_large:?}");

    // CSRF.
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let cross = send(
        addr,
        "POST",
        "/submit",
        &with(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
            form[0],
        ]),
        b"note=hi",
    );
    assert_eq!(cross.status, 403, "{framework}: {cross:?}");
    assert_eq!(cross.body, "cross-origin request", "{framework}");
    assert_secured(framework, "CSRF refusal", &cross);
    let same = ("sec-fetch-site", "same-origin");
    let no_token = send(
        addr,
        "POST",
        "/submit",
        &with(&[same, ("cookie", &cookie), form[0]]),
        b"note=hi",
    );
    assert_eq!(no_token.status, 403, "{framework}: {no_token:?}");
    assert_eq!(no_token.body, "missing CSRF token", "{framework}");
    let body = format!("note=hello&csrf_token={token}");
    let good_form = send(
        addr,
        "POST",
        "/submit",
        &with(&[same, ("cookie", &cookie), form[0]]),
        body.as_bytes(),
    );
    assert_eq!(good_form.status, 200, "{framework}: {good_form:?}");
    assert_eq!(
        good_form.body,
        submitted("hello"),
        "{framework}: the form reaches the handler"
    );
    assert_secured(framework, "form accepted", &good_form);
    let good_header = send(
        addr,
        "POST",
        "/submit",
        &with(&[same, ("cookie", &cookie), ("x-csrf-token", &token), form[0]]),
        b"note=again",
    );
    assert_eq!(good_header.status, 200, "{framework}: {good_header:?}");
    assert_eq!(good_header.body, submitted("again"), "{framework}");
    let mut forged = token.clone();
    forged.replace_range(0..1, if forged.starts_with('A') { "B" } else { "A" });
    let bad = send(
        addr,
        "POST",
        "/submit",
        &with(&[
            same,
            ("cookie", &cookie),
            ("x-csrf-token", &forged),
            form[0],
        ]),
        b"note=x",
    );
    assert_eq!(bad.status, 403, "{framework}: {bad:?}");
    assert_eq!(bad.body, "invalid CSRF token", "{framework}");

    // An `Origin` or `Sec-Fetch-Site` that is not text is malformed, not absent: with a
    // genuine token, such a request is still refused as cross-origin (the token alone
    // would have let it pass). Rocket drops header values that are not UTF-8 before any
    // fairing runs, so there the request is the same as one without the header (rule 5:
    // the token decides), which no browser can send either.
    let header_token = with(&[("cookie", &cookie), ("x-csrf-token", &token), form[0]]);
    for (name, value) in [
        ("origin", b"https://evil.example\x80".as_slice()),
        ("origin", b"\xff"),
        ("sec-fetch-site", b"cross-site\xff"),
        ("sec-fetch-site", b"\xe9"),
    ] {
        let malformed = send_bytes(
            addr,
            "POST",
            "/submit",
            &[as_bytes(&header_token), vec![(name, value)]].concat(),
            b"note=x",
        );
        let expected = match framework {
            "rocket" => (200, submitted("x")),
            _ => (403, "cross-origin request".to_owned()),
        };
        assert_eq!(
            (malformed.status, malformed.body),
            expected,
            "{framework}: {name}: {value:?}"
        );
    }
    // Likewise a token header that is not text is an invalid token, not a missing one that
    // the form's genuine token then stands in for (rocket never sees it).
    let body = format!("note=x&csrf_token={token}");
    let not_text = send_bytes(
        addr,
        "POST",
        "/submit",
        &[
            as_bytes(&with(&[same, ("cookie", &cookie), form[0]])),
            vec![("x-csrf-token", b"\xff".as_slice())],
        ]
        .concat(),
        body.as_bytes(),
    );
    let expected = match framework {
        "rocket" => (200, submitted("x")),
        _ => (403, "invalid CSRF token".to_owned()),
    };
    assert_eq!((not_text.status, not_text.body), expected, "{framework}");

    // A form that declares more than the form limit is refused as soon as its head
    // arrives, whatever it holds: it used to be waited for until the read timed out (408).
    let head = with(&[
        same,
        ("cookie", &cookie),
        form[0],
        ("content-length", "100000000"),
    ]);
    // (More than 14 bytes: rocket itself waits for that many, for `_method`, before any
    // fairing runs.)
    let oversized = send_head(addr, "POST", "/submit", &head, b"note=x&csrf_token=AAAA");
    assert_eq!(
        (oversized.status, oversized.body.as_str()),
        (403, "missing CSRF token"),
        "{framework}: {oversized:?}"
    );
    assert_eq!(oversized.header("connection"), Some("close"), "{framework}");
}

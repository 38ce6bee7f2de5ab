//! The CSP report endpoint under load (issue 9, "hostile input"): 10 000 POSTs, all in flight
//! together, from a loopback client to a real server, once through the tower layer (served
//! by axum on hyper) and once through the actix-web middleware.
//!
//! The requests mix valid reports in both formats (each violation carries a unique id, in
//! `blocked-uri` and `document-uri`), malformed ones (bad JSON, wrong content type, JSON cut
//! short, a body shorter than its `Content-Length`), and oversized ones: declared by
//! `Content-Length` (refused 413 on the headers alone: the client sends a fraction of the body
//! and then waits, so a server that read on would never answer), and sent chunked without a
//! length (cut at the limit). The test checks that
//! - no request gets a 5xx or no answer, and each kind gets its documented status;
//! - every valid violation reaches the `on_violation` callback exactly once (none missing,
//!   none twice, none mixed with another request's), and nothing from a refused request does;
//! - the server's heap, measured by the counting allocator below, grows by less than
//!   `REQUESTS × (BODY_LIMIT + PER_REQUEST_ALLOWANCE) + FIXED_ALLOWANCE` while it answers, a
//!   small fraction of what buffering the oversized bodies would take. The growth is counted
//!   from the moment every connection is open and every request started (the client tells
//!   the parent, which measures and then releases the requests): what the connections hold
//!   before that is the HTTP server's cost, whatever the bodies, and is only printed.
//!
//! # Two processes
//!
//! A server and a client in one process would need 2 × 10 000 sockets, and `ulimit -n` is
//! commonly 20 000 or less, so the client runs in a child process: this same test binary,
//! re-executed with `CLIENT_ENV` set and filtered to the `client_process` test, which does
//! nothing in a normal run. Each process then needs about 10 000 descriptors; the parent
//! raises its soft limit that far when it is lower and the hard limit allows (the child
//! inherits it), and fails saying so when it does not. The split also keeps the client's
//! allocations out of the server's heap measurement.
//!
//! Everything has a deadline: a server that stops answering fails the test with the kinds
//! and counts of the requests left unanswered, and a client process that does not finish is
//! killed.

use actix_web::{App, HttpResponse, HttpServer, web};
use axum::Router;
use http::StatusCode;
use secure_http::integrations::actix::SecureHeaders;
use secure_http::integrations::tower::SecurityHeadersLayer;
use secure_http::report::{CspViolation, ReportEndpoint, ReportFormat};
use secure_http::{SecurityHeaders, csp};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead as _, Write as _};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

// ---------------------------------------------------------------------------------------
// The load.

/// Requests per server, all in flight together.
const REQUESTS: usize = 10_000;
/// The endpoint's body limit. Smaller than the 64 KiB default so that the memory bound,
/// `REQUESTS × limit`, stays far below what the oversized bodies would take.
const BODY_LIMIT: usize = 4 * 1024;
/// The size declared (`Content-Length`) or offered (chunked) by each oversized request.
const OVERSIZED: usize = 1024 * 1024;
/// The size declared by the one chunk of `Kind::HugeChunk` (1 GiB), of which `OVERSIZED`
/// bytes are sent.
const HUGE_CHUNK_HEADER: &str = "40000000";
/// The size of the chunks the oversized chunked bodies are sent in.
const CHUNK: usize = 16 * 1024;

/// What answering one request may allocate besides the body read: the parsed head and its
/// headers, the response and its security headers, the HTTP/1 read buffers growing while
/// a body streams in (hyper doubles its 8 KiB buffer when a read fills it; actix reads
/// ahead up to 32 KiB).
const PER_REQUEST_ALLOWANCE: usize = 12 * 1024;
/// Bookkeeping: the client's results read by the parent, the runtime's queues.
const FIXED_ALLOWANCE: usize = 16 * 1024 * 1024;
/// The most the server may add to its heap while answering, over what it holds with every
/// connection open and every request started (that is measured, and printed, but not
/// bounded here: it is the HTTP server's cost per connection, whatever the body).
const HEAP_GROWTH_BOUND: usize = REQUESTS * (BODY_LIMIT + PER_REQUEST_ALLOWANCE) + FIXED_ALLOWANCE;
/// What buffering every oversized body whole would take (each counted at `OVERSIZED`).
const OVERSIZED_TOTAL: usize = oversized_requests() * OVERSIZED;
const _: () = assert!(
    HEAP_GROWTH_BOUND * 10 < OVERSIZED_TOTAL,
    "the bound must be far below what buffering the oversized bodies would take"
);

/// How many client connections are being opened at once (the requests themselves are all
/// in flight together, but opening 10 000 connections at once overflows the listen backlog
/// and turns into SYN retransmissions, seconds each).
const CONNECT_CONCURRENCY: usize = 256;
/// The listen backlog of the servers (the kernel caps it at `net.core.somaxconn`).
const BACKLOG: u32 = 4096;
/// Opening every connection and sending the start of every request.
const CONNECT_DEADLINE: Duration = Duration::from_secs(40);
/// From the signal that releases all requests to the last answer.
const ANSWER_DEADLINE: Duration = Duration::from_secs(40);
/// How long `Kind::ChunkedTooLarge` holds back the end of its body, waiting for the answer.
const HOLD_END: Duration = Duration::from_secs(2);
/// The whole client process.
const CLIENT_DEADLINE: Duration = Duration::from_secs(100);

/// Set in the child process to the server's address.
const CLIENT_ENV: &str = "SECURE_REPORT_LOAD_CLIENT";
/// The test the child process runs.
const CLIENT_TEST: &str = "client_process";
/// Prefix of the child's output lines meant for the parent.
const LINE: &str = "REPORT_LOAD";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    /// `application/csp-report`, one violation.
    CspReport,
    /// `application/reports+json`: two violations and a deprecation report (skipped).
    ReportsJson,
    /// A csp-report sent chunked, in several chunks.
    ValidChunked,
    /// A csp-report of exactly `BODY_LIMIT` bytes.
    AtLimit,
    /// Not JSON, or JSON without the directive.
    BadJson,
    /// A valid report as `text/plain` or without a content type.
    WrongType,
    /// A complete request whose JSON stops after `blocked-uri`.
    TruncatedJson,
    /// Half of the declared `Content-Length`, then the client closes its sending side.
    ShortBody,
    /// `Content-Length: OVERSIZED`; the client sends a fraction of it and waits.
    DeclaredTooLarge,
    /// Chunked, `OVERSIZED` bytes in `CHUNK`s, the end held back for `HOLD_END`: a valid
    /// report if read whole.
    ChunkedTooLarge,
    /// Chunked, one chunk declared 1 GiB, `OVERSIZED` bytes of it sent, then the client waits.
    HugeChunk,
    /// Chunked, a valid report of `BODY_LIMIT` bytes and one more byte of whitespace: valid
    /// JSON, one byte over the limit.
    OverByOne,
}

impl Kind {
    /// The kinds repeat every 20 requests: half valid, a fifth malformed, the rest oversized.
    fn of(request: usize) -> Self {
        match request % 20 {
            0..=4 => Self::CspReport,
            5..=7 => Self::ReportsJson,
            8 => Self::ValidChunked,
            9 => Self::AtLimit,
            10 => Self::BadJson,
            11 => Self::WrongType,
            12 => Self::TruncatedJson,
            13 => Self::ShortBody,
            14..=16 => Self::DeclaredTooLarge,
            17 | 18 => Self::ChunkedTooLarge,
            _ if (request / 20).is_multiple_of(2) => Self::HugeChunk,
            _ => Self::OverByOne,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::CspReport => "csp-report",
            Self::ReportsJson => "reports+json",
            Self::ValidChunked => "valid-chunked",
            Self::AtLimit => "at-limit",
            Self::BadJson => "bad-json",
            Self::WrongType => "wrong-type",
            Self::TruncatedJson => "truncated",
            Self::ShortBody => "short-body",
            Self::DeclaredTooLarge => "declared-too-large",
            Self::ChunkedTooLarge => "chunked-too-large",
            Self::HugeChunk => "huge-chunk",
            Self::OverByOne => "over-by-one",
        }
    }

    /// The documented answer: 204 for reports, 400 for what is not one, 413 over the limit.
    fn expected_status(self) -> u16 {
        match self {
            Self::CspReport | Self::ReportsJson | Self::ValidChunked | Self::AtLimit => 204,
            Self::BadJson | Self::WrongType | Self::TruncatedJson | Self::ShortBody => 400,
            Self::DeclaredTooLarge | Self::ChunkedTooLarge | Self::HugeChunk | Self::OverByOne => {
                413
            }
        }
    }

    /// How many violations of this request must reach the callback.
    fn violations(self) -> usize {
        match self {
            Self::ReportsJson => 2,
            kind if kind.expected_status() == 204 => 1,
            _ => 0,
        }
    }
}

const fn oversized_requests() -> usize {
    // Slots 14 to 19 of every 20.
    REQUESTS / 20 * 6
}

/// The ids of request `i`'s violations are `2i` and `2i + 1`; every request carries `2i`
/// somewhere, so that a refused body that reached the callback is caught.
fn id(request: usize, violation: usize) -> usize {
    request * 2 + violation
}

const BLOCKED: &str = "https://blocked.example/r/";
const DOCUMENT: &str = "https://load.example/page/";

fn csp_report(id: usize, padding: usize) -> String {
    format!(
        r#"{{"csp-report":{{"document-uri":"{DOCUMENT}{id}","blocked-uri":"{BLOCKED}{id}","effective-directive":"img-src","violated-directive":"img-src","original-policy":"default-src 'none'; img-src 'self'; report-uri /csp-report","disposition":"enforce","referrer":"","status-code":200,"padding":"{}"}}}}"#,
        "a".repeat(padding)
    )
}

/// A csp-report of exactly `len` bytes.
fn csp_report_of_len(id: usize, len: usize) -> String {
    let body = csp_report(id, len - csp_report(id, 0).len());
    assert_eq!(body.len(), len);
    body
}

fn reports_json(request: usize) -> String {
    let violation = |id: usize| {
        format!(
            r#"{{"type":"csp-violation","age":3,"url":"{DOCUMENT}{id}","user_agent":"report-load","body":{{"documentURL":"{DOCUMENT}{id}","blockedURL":"{BLOCKED}{id}","effectiveDirective":"img-src","originalPolicy":"default-src 'none'; img-src 'self'","disposition":"enforce","statusCode":200}}}}"#
        )
    };
    format!(
        r#"[{},{{"type":"deprecation","age":1,"url":"{DOCUMENT}","body":{{"id":"x","message":"m"}}}},{}]"#,
        violation(id(request, 0)),
        violation(id(request, 1))
    )
}

/// The start of an oversized body: a report with a padding field that the rest fills.
fn oversized_start(id: usize) -> String {
    format!(
        r#"{{"csp-report":{{"document-uri":"{DOCUMENT}{id}","blocked-uri":"{BLOCKED}{id}","effective-directive":"img-src","padding":""#
    )
}
const OVERSIZED_END: &str = r#""}}"#;

/// Sent before the signal that releases all requests: no server can answer before it has
/// the rest of the head.
const HEAD_START: &[u8] = b"POST /csp-report HTTP/1.1\r\nHost: load.example\r\n";

fn head_rest(content_type: Option<&str>, content_length: Option<usize>) -> String {
    let mut head = String::new();
    if let Some(content_type) = content_type {
        write!(head, "Content-Type: {content_type}\r\n").unwrap();
    }
    match content_length {
        Some(length) => write!(head, "Content-Length: {length}\r\n\r\n").unwrap(),
        None => head.push_str("Transfer-Encoding: chunked\r\n\r\n"),
    }
    head
}

fn chunk(data: &[u8]) -> Vec<u8> {
    let mut framed = format!("{:x}\r\n", data.len()).into_bytes();
    framed.extend_from_slice(data);
    framed.extend_from_slice(b"\r\n");
    framed
}

/// `CHUNK` bytes of padding, framed as one chunk.
static FILLER_CHUNK: LazyLock<Vec<u8>> = LazyLock::new(|| chunk(&[b'a'; CHUNK]));
/// `CHUNK` bytes of padding, unframed (inside the one huge chunk).
static FILLER: [u8; CHUNK] = [b'a'; CHUNK];

// ---------------------------------------------------------------------------------------
// The server's heap, measured.

struct PeakAllocator;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for PeakAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: PeakAllocator = PeakAllocator;

/// The heap in use once it has stopped growing (the server has caught up with the
/// connections opened), waiting at most 5 s.
fn settled_heap() -> usize {
    let mut last = CURRENT.load(Ordering::Relaxed);
    for _ in 0..50 {
        std::thread::sleep(Duration::from_millis(100));
        let now = CURRENT.load(Ordering::Relaxed);
        if now.abs_diff(last) < 256 * 1024 {
            return now;
        }
        last = now;
    }
    last
}

/// Starts a measurement: the heap in use now, from which the peak is counted.
fn reset_peak() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

// ---------------------------------------------------------------------------------------
// The servers.

fn headers() -> SecurityHeaders {
    SecurityHeaders::new().content_security_policy(csp! { default-src: none, img-src: self })
}

/// What reached the callback, per id.
struct Tally {
    counts: Vec<AtomicU32>,
    /// Violations whose `blocked-uri` is not one of ours.
    unknown: AtomicUsize,
    /// Violations whose `document-uri` names another id than their `blocked-uri`.
    mixed: AtomicUsize,
    /// Violations whose format is not the one their request was sent in.
    wrong_format: AtomicUsize,
}

impl Tally {
    fn new() -> Self {
        Self {
            counts: (0..id(REQUESTS, 0)).map(|_| AtomicU32::new(0)).collect(),
            unknown: AtomicUsize::new(0),
            mixed: AtomicUsize::new(0),
            wrong_format: AtomicUsize::new(0),
        }
    }

    fn record(&self, violation: &CspViolation) {
        let number =
            |text: Option<&str>, prefix: &str| text?.strip_prefix(prefix)?.parse::<usize>().ok();
        let Some(id) =
            number(violation.blocked_uri.as_deref(), BLOCKED).filter(|&id| id < self.counts.len())
        else {
            self.unknown.fetch_add(1, Ordering::Relaxed);
            return;
        };
        self.counts[id].fetch_add(1, Ordering::Relaxed);
        if number(Some(&violation.document_uri), DOCUMENT) != Some(id) {
            self.mixed.fetch_add(1, Ordering::Relaxed);
        }
        let expected = match Kind::of(id / 2) {
            Kind::ReportsJson => ReportFormat::ReportingApi,
            _ => ReportFormat::CspReport,
        };
        if violation.format != expected {
            self.wrong_format.fetch_add(1, Ordering::Relaxed);
        }
    }
}

struct RunningServer {
    addr: SocketAddr,
    stop: Box<dyn FnOnce()>,
}

/// axum on hyper, with the tower layer serving the report endpoint.
fn start_tower(endpoint: ReportEndpoint) -> RunningServer {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(async {
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.set_reuseaddr(true)?;
            socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
            socket.listen(BACKLOG)
        })
        .expect("listening on the loopback");
    let addr = listener.local_addr().unwrap();
    let app = Router::new()
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(SecurityHeadersLayer::new(headers()).report_endpoint(endpoint));
    let (shutdown, shutdown_signal) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = shutdown_signal.await;
            })
            .await
    });
    RunningServer {
        addr,
        stop: Box::new(move || {
            let _ = shutdown.send(());
            let stopped = runtime
                .block_on(async { tokio::time::timeout(Duration::from_secs(10), server).await });
            assert!(stopped.is_ok(), "the axum server did not stop within 10 s");
            runtime.shutdown_timeout(Duration::from_secs(5));
        }),
    }
}

/// actix-web with the middleware serving the report endpoint.
fn start_actix(endpoint: ReportEndpoint) -> RunningServer {
    let (started, on_start) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let middleware = SecureHeaders::new(headers()).report_endpoint(endpoint);
            let server = HttpServer::new(move || {
                App::new()
                    .wrap(middleware.clone())
                    .default_service(web::to(|| async { HttpResponse::NotFound().finish() }))
            })
            .workers(2)
            .backlog(BACKLOG)
            .max_connections(2 * REQUESTS)
            // The default, 5 s to receive a request head, would answer 408 to requests
            // held back until all 10 000 are in flight on a slow machine.
            .client_request_timeout(CONNECT_DEADLINE + ANSWER_DEADLINE)
            .disable_signals()
            .shutdown_timeout(5)
            .bind(("127.0.0.1", 0))
            .expect("listening on the loopback");
            let addr = server.addrs()[0];
            let server = server.run();
            started.send((addr, server.handle())).unwrap();
            server.await
        })
    });
    let (addr, handle) = on_start.recv().expect("the actix server started");
    RunningServer {
        addr,
        stop: Box::new(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(handle.stop(false));
            thread.join().unwrap().unwrap();
        }),
    }
}

// ---------------------------------------------------------------------------------------
// The driver, shared by both servers.

/// One server at a time: the heap counter is global and the descriptors are counted.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

#[test]
fn tower_report_endpoint_under_load() {
    run_load("tower", start_tower);
}

#[test]
fn actix_report_endpoint_under_load() {
    run_load("actix", start_actix);
}

/// What the client saw of one request.
struct Answer {
    kind: Kind,
    /// The status, or why there was none.
    outcome: Result<u16, String>,
    /// Whether the answer carried the Content-Security-Policy header.
    with_csp: bool,
}

fn run_load(server: &str, start: fn(ReportEndpoint) -> RunningServer) {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    ensure_descriptors(REQUESTS + 1024);
    let tally = Arc::new(Tally::new());
    let sink = tally.clone();
    let endpoint = ReportEndpoint::default()
        .with_body_limit(BODY_LIMIT)
        .on_violation(move |violation| sink.record(violation));

    let started = Instant::now();
    let baseline = reset_peak();
    let running = start(endpoint);
    let client = run_client(server, running.addr, baseline);
    (running.stop)();
    let wall = started.elapsed();

    let mut failures = Vec::new();
    let (answers, stats, heap) = match client {
        Ok(client) => client,
        Err(error) => panic!("{server}: {error}"),
    };

    // Statuses per kind.
    let mut per_kind: BTreeMap<Kind, BTreeMap<String, usize>> = BTreeMap::new();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for answer in &answers {
        let key = match &answer.outcome {
            Ok(status) => {
                *statuses.entry(*status).or_default() += 1;
                status.to_string()
            }
            Err(reason) => reason.clone(),
        };
        *per_kind
            .entry(answer.kind)
            .or_default()
            .entry(key)
            .or_default() += 1;
    }
    for (kind, outcomes) in &per_kind {
        let expected = kind.expected_status().to_string();
        for (outcome, count) in outcomes {
            if *outcome != expected {
                failures.push(format!(
                    "{count} {} requests answered {outcome}, expected {expected}",
                    kind.name()
                ));
            }
        }
    }
    let server_errors: usize = statuses.range(500..).map(|(_, n)| n).sum();
    if server_errors > 0 {
        failures.push(format!("{server_errors} answers were 5xx"));
    }
    let without_csp = answers
        .iter()
        .filter(|a| a.outcome.is_ok() && !a.with_csp)
        .count();
    if without_csp > 0 {
        failures.push(format!(
            "{without_csp} answers came without the Content-Security-Policy header"
        ));
    }

    // Each valid violation reached the callback once, nothing else did.
    let (mut missing, mut twice, mut leaked, mut delivered) =
        (Vec::new(), Vec::new(), Vec::new(), 0);
    let mut expected_violations = 0;
    for (request, answer) in answers.iter().enumerate() {
        for violation in 0..2 {
            let id = id(request, violation);
            let count = tally.counts[id].load(Ordering::Relaxed) as usize;
            delivered += count;
            let expected = usize::from(violation < answer.kind.violations());
            expected_violations += expected;
            match (expected, count) {
                (1, 0) => missing.push(id),
                (1, 1) | (0, 0) => {}
                (1, _) => twice.push(id),
                _ => leaked.push((id, answer.kind.name())),
            }
        }
    }
    let examples = |ids: &[usize]| format!("{:?}", &ids[..ids.len().min(10)]);
    if !missing.is_empty() {
        failures.push(format!(
            "{} valid violations never reached the callback, ids {}",
            missing.len(),
            examples(&missing)
        ));
    }
    if !twice.is_empty() {
        failures.push(format!(
            "{} violations reached the callback more than once, ids {}",
            twice.len(),
            examples(&twice)
        ));
    }
    if !leaked.is_empty() {
        failures.push(format!(
            "{} refused requests reached the callback: {:?}",
            leaked.len(),
            &leaked[..leaked.len().min(10)]
        ));
    }
    for (what, counter) in [
        ("with an unknown blocked-uri", &tally.unknown),
        ("with another request's document-uri", &tally.mixed),
        ("in the wrong format", &tally.wrong_format),
    ] {
        let count = counter.load(Ordering::Relaxed);
        if count > 0 {
            failures.push(format!("{count} violations reached the callback {what}"));
        }
    }

    // All in flight together.
    if stats.ready != REQUESTS {
        failures.push(format!(
            "only {} of {REQUESTS} requests were started before the first could be answered",
            stats.ready
        ));
    }

    // Bounded memory.
    if heap.growth > HEAP_GROWTH_BOUND {
        failures.push(format!(
            "while answering, the server's heap grew by {} over the {} its idle connections \
             hold, above the bound of {} ({REQUESTS} × ({BODY_LIMIT} B limit + \
             {PER_REQUEST_ALLOWANCE} B per request) + {}): bodies are being buffered beyond \
             the limit",
            mib(heap.growth),
            mib(heap.idle),
            mib(HEAP_GROWTH_BOUND),
            mib(FIXED_ALLOWANCE)
        ));
    }

    let kinds: Vec<String> = per_kind
        .iter()
        .map(|(kind, outcomes)| format!("{} {}", kind.name(), outcomes.values().sum::<usize>()))
        .collect();
    let statuses: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}×{n}")).collect();
    println!(
        "report_load[{server}]: {} requests in flight together ({}); statuses {} (5xx {server_errors}, \
         unanswered {}); callback {delivered} violations for {expected_violations} expected \
         (missing {}, twice {}, from refused requests {}); server heap: {} with the connections \
         open, +{} at most while answering (bound +{}; the oversized bodies whole: {}), peak {}; \
         connect {:.2} s, answers {:.2} s, wall {:.2} s",
        stats.ready,
        kinds.join(", "),
        statuses.join(" "),
        answers.iter().filter(|a| a.outcome.is_err()).count(),
        missing.len(),
        twice.len(),
        leaked.len(),
        mib(heap.idle),
        mib(heap.growth),
        mib(HEAP_GROWTH_BOUND),
        mib(OVERSIZED_TOTAL),
        mib(heap.peak),
        stats.connect.as_secs_f64(),
        stats.answers.as_secs_f64(),
        wall.as_secs_f64(),
    );
    assert!(
        failures.is_empty(),
        "{server}: the report endpoint failed under load:\n  {}",
        failures.join("\n  ")
    );
}

/// Raises the soft limit on open files to what the test needs, when the hard limit allows.
/// The child process inherits it.
fn ensure_descriptors(needed: usize) {
    #[cfg(unix)]
    {
        use rlimit::Resource;
        let needed = needed as u64;
        let (soft, hard) = Resource::NOFILE
            .get()
            .expect("read the limit on open files");
        if soft >= needed {
            return;
        }
        assert!(
            hard >= needed,
            "this test needs {needed} open files per process (10 000 sockets; the server and \
             the client are separate processes), but the hard limit is {hard}: raise `ulimit -n`"
        );
        Resource::NOFILE.set(needed, hard).unwrap_or_else(|e| {
            panic!("could not raise the soft limit on open files to {needed}: {e}")
        });
    }
    #[cfg(not(unix))]
    let _ = needed;
}

struct ClientStats {
    /// Requests connected and started before the signal that released them all.
    ready: usize,
    connect: Duration,
    answers: Duration,
}

/// The server's heap, in bytes over what the process held before the server started.
struct Heap {
    /// With every connection open and every request started, none complete.
    idle: usize,
    /// The most at any time.
    peak: usize,
    /// The most while the requests were answered, over `idle`.
    growth: usize,
}

/// Runs the client process against `addr` and reads what it saw, measuring the heap once
/// all requests are in flight and again while they are answered.
fn run_client(
    server: &str,
    addr: SocketAddr,
    baseline: usize,
) -> Result<(Vec<Answer>, ClientStats, Heap), String> {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([CLIENT_TEST, "--exact", "--nocapture", "--test-threads=1"])
        .env(CLIENT_ENV, addr.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("could not start the client process: {e}"))?;
    let mut go = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (line_sender, line_receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if line.starts_with(LINE) && line_sender.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + CLIENT_DEADLINE;
    let killed = |mut child: std::process::Child, why: &str| {
        child.kill().unwrap();
        child.wait().unwrap();
        Err(format!("{why}: the {server} server stopped answering"))
    };
    let mut output = Vec::new();
    let mut heap = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match line_receiver.recv_timeout(left) {
            Ok(line) if line.starts_with(&format!("{LINE} ready")) => {
                // Every connection is open and every request started: what the server holds
                // now is the cost of the connections; what it adds from here on is the cost
                // of answering.
                let connecting_peak = PEAK.load(Ordering::Relaxed);
                let idle = settled_heap();
                reset_peak();
                writeln!(go, "go")
                    .and_then(|()| go.flush())
                    .map_err(|e| format!("could not release the client: {e}"))?;
                heap = Some((idle, connecting_peak));
            }
            Ok(line) => output.push(line),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                return killed(
                    child,
                    &format!("the client process did not finish within {CLIENT_DEADLINE:?}"),
                );
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let answering_peak = PEAK.load(Ordering::Relaxed);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            return killed(child, "the client process did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if !status.success() {
        return Err(format!("the client process failed ({status})"));
    }
    let Some((idle, connecting_peak)) = heap else {
        return Err("the client process never had its requests in flight".into());
    };
    let heap = Heap {
        idle: idle - baseline,
        peak: connecting_peak.max(answering_peak) - baseline,
        growth: answering_peak - idle,
    };

    let mut answers: Vec<Option<Answer>> = (0..REQUESTS).map(|_| None).collect();
    let mut stats = None;
    for line in &output {
        // `REPORT_LOAD request <i> <status>[+csp]` or `REPORT_LOAD request <i> E:<why>`.
        if let Some((request, outcome)) = line
            .strip_prefix(&format!("{LINE} request "))
            .and_then(|rest| rest.split_once(' '))
        {
            let request: usize = request.parse().unwrap();
            let (outcome, with_csp) = match outcome.strip_suffix("+csp") {
                Some(status) => (Ok(status.parse().unwrap()), true),
                None => match outcome.parse() {
                    Ok(status) => (Ok(status), false),
                    Err(_) => (Err(outcome.to_owned()), false),
                },
            };
            answers[request] = Some(Answer {
                kind: Kind::of(request),
                outcome,
                with_csp,
            });
        } else if let Some(rest) = line.strip_prefix(&format!("{LINE} stats ")) {
            // `REPORT_LOAD stats <ready> <connect s> <answers s>`.
            let numbers: Vec<f64> = rest.split(' ').map(|n| n.parse().unwrap()).collect();
            stats = Some(ClientStats {
                ready: numbers[0] as usize,
                connect: Duration::from_secs_f64(numbers[1]),
                answers: Duration::from_secs_f64(numbers[2]),
            });
        }
    }
    let answers: Option<Vec<Answer>> = answers.into_iter().collect();
    match (answers, stats) {
        (Some(answers), Some(stats)) => Ok((answers, stats, heap)),
        _ => Err(format!(
            "the client process's output is incomplete:\n{}",
            output.join("\n")
        )),
    }
}

// ---------------------------------------------------------------------------------------
// The client, in its own process.

/// The entry point of the client process; does nothing in a normal run.
#[test]
fn client_process() {
    let Ok(addr) = std::env::var(CLIENT_ENV) else {
        return;
    };
    let addr: SocketAddr = addr.parse().unwrap();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(client(addr));
}

async fn client(addr: SocketAddr) {
    let connecting = Arc::new(tokio::sync::Semaphore::new(CONNECT_CONCURRENCY));
    let arrived = Arc::new(AtomicUsize::new(0));
    let ready = Arc::new(AtomicUsize::new(0));
    let (go, released) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let tasks: Vec<_> = (0..REQUESTS)
        .map(|request| {
            let connecting = connecting.clone();
            let arrived = arrived.clone();
            let ready = ready.clone();
            let mut released = released.clone();
            tokio::spawn(async move {
                let stream = {
                    let _permit = connecting.acquire().await.unwrap();
                    let connected = tokio::time::timeout(CONNECT_DEADLINE, async {
                        let stream = TcpStream::connect(addr).await?;
                        stream.set_nodelay(true)?;
                        write_all(&stream, HEAD_START).await?;
                        Ok::<_, std::io::Error>(stream)
                    })
                    .await;
                    arrived.fetch_add(1, Ordering::SeqCst);
                    match connected {
                        Ok(Ok(stream)) => stream,
                        Ok(Err(error)) => return format!("E:connect: {error}"),
                        Err(_) => return "E:connect: timed out".to_owned(),
                    }
                };
                ready.fetch_add(1, Ordering::SeqCst);
                let _ = released.wait_for(|go| *go).await;
                match tokio::time::timeout(ANSWER_DEADLINE, exchange(stream, request)).await {
                    Ok(Ok((status, true))) => format!("{status}+csp"),
                    Ok(Ok((status, false))) => status.to_string(),
                    Ok(Err(reason)) => format!("E:{reason}"),
                    Err(_) => format!("E:no answer within {ANSWER_DEADLINE:?}"),
                }
            })
        })
        .collect();
    while arrived.load(Ordering::SeqCst) < REQUESTS && started.elapsed() < CONNECT_DEADLINE {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let ready = ready.load(Ordering::SeqCst);
    let connect = started.elapsed();
    // The harness has printed `test client_process ... ` without a newline. The parent
    // measures the server's heap and answers on stdin.
    println!("\n{LINE} ready {ready}");
    std::io::stdout().flush().unwrap();
    let parent = tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new()));
    if tokio::time::timeout(CONNECT_DEADLINE, parent)
        .await
        .is_err()
    {
        eprintln!("report_load client: no word from the parent, releasing the requests");
    }
    go.send(true).unwrap();
    let released_at = Instant::now();
    let mut lines = String::new();
    for (request, task) in tasks.into_iter().enumerate() {
        let outcome = task.await.unwrap();
        writeln!(lines, "{LINE} request {request} {outcome}").unwrap();
    }
    writeln!(
        lines,
        "{LINE} stats {ready} {} {}",
        connect.as_secs_f64(),
        released_at.elapsed().as_secs_f64()
    )
    .unwrap();
    print!("{lines}");
}

/// Sends the rest of request `request` and reads the answer's status, and whether it
/// carried the CSP header. The answer is read while sending: oversized bodies are cut short
/// by it.
async fn exchange(mut stream: TcpStream, request: usize) -> Result<(u16, bool), String> {
    let kind = Kind::of(request);
    if kind == Kind::ShortBody {
        let body = csp_report(id(request, 0), 0);
        let head = head_rest(Some("application/csp-report"), Some(body.len()));
        let io = async {
            write_all(&stream, head.as_bytes()).await?;
            write_all(&stream, &body.as_bytes()[..body.len() / 2]).await?;
            std::future::poll_fn(|cx| {
                tokio::io::AsyncWrite::poll_shutdown(std::pin::Pin::new(&mut stream), cx)
            })
            .await
        };
        io.await.map_err(|e| format!("write: {e}"))?;
        return read_answer(&stream).await;
    }
    let send = send(&stream, request, kind);
    let answer = read_answer(&stream);
    tokio::pin!(send, answer);
    let mut sending = true;
    loop {
        tokio::select! {
            answer = &mut answer => return answer,
            // The server may close while the body is still being sent (it answered without
            // reading all of it): the answer is then waiting to be read.
            _ = &mut send, if sending => sending = false,
        }
    }
}

async fn send(stream: &TcpStream, request: usize, kind: Kind) -> std::io::Result<()> {
    let first = id(request, 0);
    let alternate = (request / 20) % 2 == 1;
    let simple = |content_type: Option<&str>, body: String| {
        let mut bytes = head_rest(content_type, Some(body.len())).into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        bytes
    };
    let chunked_head = head_rest(Some("application/csp-report"), None).into_bytes();
    let csp = Some("application/csp-report");
    match kind {
        Kind::CspReport => write_all(stream, &simple(csp, csp_report(first, 0))).await,
        Kind::ReportsJson => {
            let content_type = Some("application/reports+json");
            write_all(stream, &simple(content_type, reports_json(request))).await
        }
        Kind::AtLimit => {
            let body = csp_report_of_len(first, BODY_LIMIT);
            write_all(stream, &simple(csp, body)).await
        }
        Kind::BadJson => {
            let body = if alternate {
                // Valid JSON, but no directive.
                format!(
                    r#"{{"csp-report":{{"document-uri":"{DOCUMENT}{first}","blocked-uri":"{BLOCKED}{first}"}}}}"#
                )
            } else {
                format!(
                    r#"{{"csp-report":{{"document-uri":"{DOCUMENT}{first}","blocked-uri":"{BLOCKED}{first}",,"effective-directive":"img-src"}}}}"#
                )
            };
            write_all(stream, &simple(csp, body)).await
        }
        Kind::WrongType => {
            let content_type = if alternate { None } else { Some("text/plain") };
            write_all(stream, &simple(content_type, csp_report(first, 0))).await
        }
        Kind::TruncatedJson => {
            let mut body = csp_report(first, 0);
            let blocked = format!(r#""blocked-uri":"{BLOCKED}{first}""#);
            body.truncate(body.find(&blocked).unwrap() + blocked.len());
            write_all(stream, &simple(csp, body)).await
        }
        Kind::ValidChunked => {
            write_all(stream, &chunked_head).await?;
            let body = csp_report(first, 0);
            for part in body.as_bytes().chunks(body.len() / 3 + 1) {
                write_all(stream, &chunk(part)).await?;
                tokio::task::yield_now().await;
            }
            write_all(stream, b"0\r\n\r\n").await
        }
        Kind::OverByOne => {
            write_all(stream, &chunked_head).await?;
            let body = csp_report_of_len(first, BODY_LIMIT);
            write_all(stream, &chunk(body.as_bytes())).await?;
            write_all(stream, &chunk(b" ")).await?;
            write_all(stream, b"0\r\n\r\n").await
        }
        Kind::DeclaredTooLarge => {
            let start = oversized_start(first);
            let head = head_rest(csp, Some(OVERSIZED));
            write_all(stream, head.as_bytes()).await?;
            write_all(stream, start.as_bytes()).await?;
            // The rest is never sent: only a server that answers on the headers answers.
            std::future::pending().await
        }
        Kind::ChunkedTooLarge => {
            write_all(stream, &chunked_head).await?;
            let start = oversized_start(first);
            write_all(stream, &chunk(start.as_bytes())).await?;
            let mut offered = start.len();
            while offered + CHUNK + OVERSIZED_END.len() <= OVERSIZED {
                write_all(stream, &FILLER_CHUNK).await?;
                offered += CHUNK;
            }
            // The end is held back: a server that stops at the limit has answered by then,
            // one that buffers whole bodies holds all of them at once.
            tokio::time::sleep(HOLD_END).await;
            write_all(stream, &chunk(OVERSIZED_END.as_bytes())).await?;
            write_all(stream, b"0\r\n\r\n").await
        }
        Kind::HugeChunk => {
            write_all(stream, &chunked_head).await?;
            let start = oversized_start(first);
            let header = format!("{HUGE_CHUNK_HEADER}\r\n");
            write_all(stream, header.as_bytes()).await?;
            write_all(stream, start.as_bytes()).await?;
            let mut offered = start.len();
            while offered < OVERSIZED {
                write_all(stream, &FILLER).await?;
                offered += CHUNK;
            }
            // The other 1023 MiB are never sent.
            std::future::pending().await
        }
        Kind::ShortBody => unreachable!("sent by `exchange`"),
    }
}

async fn write_all(stream: &TcpStream, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        stream.writable().await?;
        match stream.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads an answer's head: its status, and whether it has a Content-Security-Policy.
async fn read_answer(stream: &TcpStream) -> Result<(u16, bool), String> {
    let mut head = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        stream.readable().await.map_err(|e| format!("read: {e}"))?;
        let n = match stream.try_read(&mut buffer) {
            Ok(0) if head.is_empty() => return Err("closed without an answer".into()),
            Ok(0) => return Err("closed in the answer's head".into()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(format!("read: {e}")),
        };
        head.extend_from_slice(&buffer[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&head[..end]).to_ascii_lowercase();
            let mut lines = head.lines();
            let status = lines
                .next()
                .and_then(|line| line.split(' ').nth(1))
                .and_then(|status| status.parse().ok())
                .ok_or("unparsable status line")?;
            let with_csp = lines.any(|line| line.starts_with("content-security-policy:"));
            return Ok((status, with_csp));
        }
        if head.len() > 64 * 1024 {
            return Err("answer head over 64 KiB".into());
        }
    }
}

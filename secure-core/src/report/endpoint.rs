//! The endpoint browsers post violation reports to, independent of the web framework:
//! the integrations read the body within the limit and hand it here.

use super::dedup::Dedup;
use super::{CspViolation, Escaped, Report, ReportData, ViolationAggregate, parse_all_reports};
use crate::csp::{CspErrorKind, DirectiveName, Value};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where reports are received, how much body is read, and who hears about them.
///
/// The path is the one setting for both sides: the integrations serve it, and add
/// `report-uri <path>` to every policy that names no `report-uri` and no `report-to`, so the
/// two can never disagree.
///
/// # What one request can cost
///
/// Reports come from anyone who can reach the path, so the endpoint bounds what a request
/// can make it do:
///
/// - **The body** is read up to [`body_limit`](Self::body_limit) bytes (64 KiB by default).
/// - **Reports per body.** An `application/reports+json` body is an array, and 64 KiB holds
///   over a thousand small reports. Only the first
///   [`max_reports_per_body`](Self::max_reports_per_body) (20 by default), of every type,
///   are logged and handed to the callbacks; the rest are dropped, and one INFO line says
///   how many.
/// - **Repeats.** Each violation is logged at WARN (target `secure_http::csp_report`) the
///   first time it is received. The same violation received again within the
///   [`dedup_window`](Self::dedup_window) (60 s by default) after it was logged is counted,
///   not logged; the first one received after the window is logged again, with the count
///   (`... (and 1109 more like it within 60s of the previous one logged)`, and the field
///   `repeats`). Two violations are the same when their directive, blocked URI, document
///   URI, source file, line, column and disposition are. The endpoint remembers at most 256
///   violations, by a 32-byte digest of those fields; when the table is full, a new one evicts
///   those whose window has passed, else the one logged longest ago. A count is lost when its
///   violation is evicted or never received again.
/// - **Other reports.** Reports of the other types ([`ReportData`]) are logged with target
///   `secure_http::report`, at WARN for what a policy blocked or reported and for crashes,
///   at INFO for deprecations, interventions and unknown types, under the same window: two
///   are the same when their page and body are.
/// - **Log lines.** Report fields are logged through [`Escaped`], so that no field can break
///   a log line or hide in it: control characters (line breaks, ANSI sequences) and
///   bidirectional controls are written as Rust escapes.
///
/// The callback sees every report that was kept, the repeats too: deduplication affects
/// logging only. Each field is as the browser sent it, not escaped.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::report::ReportEndpoint;
/// use std::time::Duration;
/// let endpoint = ReportEndpoint::default();
/// assert_eq!(endpoint.path(), "/csp-report");
/// assert_eq!(endpoint.body_limit(), 64 * 1024);
/// assert_eq!(endpoint.max_reports_per_body(), 20);
/// assert_eq!(endpoint.dedup_window(), Duration::from_secs(60));
/// assert!(ReportEndpoint::at("/reports/csp").is_ok());
/// assert!(ReportEndpoint::at("reports").is_err());
/// ```
#[derive(Clone)]
pub struct ReportEndpoint {
    path: String,
    body_limit: usize,
    body_timeout: Duration,
    max_reports_per_body: usize,
    /// The violations logged recently, shared by the endpoint's clones.
    dedup: Arc<Dedup>,
    aggregate: Option<ViolationAggregate>,
    on_violation: Option<ViolationCallback>,
    on_report: Option<ReportCallback>,
}

/// The user's function that hears about each violation.
type ViolationCallback = Arc<dyn Fn(&CspViolation) + Send + Sync>;

/// The user's function that hears about each report, of every type.
type ReportCallback = Arc<dyn Fn(&Report) + Send + Sync>;

/// How the endpoint answers one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportResponse {
    /// The status code: 204, 400, 405, 408 or 413.
    pub status: u16,
    /// A short plain-text reason for errors; empty for 204.
    pub reason: &'static str,
}

/// The request body as the integration could read it.
#[derive(Debug)]
pub enum ReportBody<'a> {
    /// The whole body, within the limit.
    Read(&'a [u8]),
    /// The body was larger than the limit; reading stopped there.
    TooLarge,
    /// The connection failed while reading.
    Unreadable,
    /// The body did not arrive within [`body_timeout`](ReportEndpoint::body_timeout).
    TimedOut,
}

impl ReportEndpoint {
    /// The default path.
    pub const DEFAULT_PATH: &'static str = "/csp-report";
    /// The default body limit: 64 KiB.
    pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;
    /// How long reading a report's body may take by default: 10 seconds.
    pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);
    /// The default number of reports taken from one body: 20.
    pub const DEFAULT_MAX_REPORTS_PER_BODY: usize = 20;
    /// The default window in which repeats of a logged violation are counted, not logged:
    /// 60 seconds.
    pub const DEFAULT_DEDUP_WINDOW: Duration = Duration::from_secs(60);

    /// An endpoint at `path`, which must be an absolute path usable in `report-uri`.
    pub fn at(path: &str) -> Result<Self, CspErrorKind> {
        // The value first: its errors name a bad character without repeating it.
        Value::parse(DirectiveName::ReportUri, path)?;
        if !path.starts_with('/') {
            return Err(CspErrorKind::InvalidValue {
                directive: DirectiveName::ReportUri,
                value: path.to_owned(),
                expected: "an absolute path such as `/csp-report`",
            });
        }
        Ok(Self {
            path: path.to_owned(),
            body_limit: Self::DEFAULT_BODY_LIMIT,
            body_timeout: Self::DEFAULT_BODY_TIMEOUT,
            max_reports_per_body: Self::DEFAULT_MAX_REPORTS_PER_BODY,
            dedup: Arc::new(Dedup::new(Self::DEFAULT_DEDUP_WINDOW)),
            aggregate: None,
            on_violation: None,
            on_report: None,
        })
    }

    /// Reads at most this many bytes of a report; larger ones are answered 413.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long reading a report's body may take in all
    /// ([`DEFAULT_BODY_TIMEOUT`](Self::DEFAULT_BODY_TIMEOUT), 10 s, by default). A body that
    /// comes slower, a byte at a time, is answered `408 Request Timeout` and its connection
    /// closed, so no client holds a connection and its buffer for as long as it likes. The
    /// integrations time the read with tokio's timer (actix-web runs on tokio): a tower
    /// service must run in a tokio runtime with its time driver on, as axum's and tonic's do.
    pub fn with_body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// How long reading a report's body may take.
    pub fn body_timeout(&self) -> Duration {
        self.body_timeout
    }

    /// Takes at most this many reports, of every type, from one request body (an
    /// `application/reports+json` array); those after them are dropped, neither logged nor
    /// handed to the callbacks, and
    /// one INFO line says how many. `0` drops them all. Default
    /// [`DEFAULT_MAX_REPORTS_PER_BODY`](Self::DEFAULT_MAX_REPORTS_PER_BODY), 20.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::report::ReportEndpoint;
    /// let endpoint = ReportEndpoint::default().with_max_reports_per_body(5);
    /// assert_eq!(endpoint.max_reports_per_body(), 5);
    /// ```
    pub fn with_max_reports_per_body(mut self, reports: usize) -> Self {
        self.max_reports_per_body = reports;
        self
    }

    /// Counts, without logging, the repeats of a violation received within `window` after
    /// it was last logged (see [What one request can cost](Self#what-one-request-can-cost)).
    /// [`Duration::ZERO`] logs every violation. Default
    /// [`DEFAULT_DEDUP_WINDOW`](Self::DEFAULT_DEDUP_WINDOW), 60 seconds. The callback is called
    /// for each violation whatever the window.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::report::ReportEndpoint;
    /// use std::time::Duration;
    /// let endpoint = ReportEndpoint::default().with_dedup_window(Duration::from_secs(600));
    /// assert_eq!(endpoint.dedup_window(), Duration::from_secs(600));
    /// ```
    pub fn with_dedup_window(mut self, window: Duration) -> Self {
        self.dedup = Arc::new(Dedup::new(window));
        self
    }

    /// Calls `f` with every violation kept (the first
    /// [`max_reports_per_body`](Self::max_reports_per_body) of a body), after it is logged or
    /// counted: to store, count or forward it. Repeats that were not logged reach it too.
    /// The violation's fields are as received, not escaped. It runs on the request's task,
    /// so keep it quick.
    pub fn on_violation(mut self, f: impl Fn(&CspViolation) + Send + Sync + 'static) -> Self {
        self.on_violation = Some(Arc::new(f));
        self
    }

    /// Calls `f` with every report kept, of every type (see [`ReportData`]): CSP
    /// violations, `Integrity-Policy`, COEP, COOP and Permissions-Policy reports,
    /// deprecations, interventions, crashes, and types this crate does not know, with their
    /// JSON as received. It runs after the report is logged or counted, and after
    /// [`on_violation`](Self::on_violation) for a CSP violation; repeats that were not logged
    /// reach it too. The fields are as received, not escaped. It runs on the request's task,
    /// so keep it quick.
    pub fn on_report(mut self, f: impl Fn(&Report) + Send + Sync + 'static) -> Self {
        self.on_report = Some(Arc::new(f));
        self
    }

    /// Records every violation kept (those the callback sees) into `aggregate`, grouped and
    /// counted in bounded memory (see [`ViolationAggregate`]). Keep a clone of it to read the
    /// groups: the clones share one table.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::report::{ReportBody, ReportEndpoint, ViolationAggregate};
    /// let aggregate = ViolationAggregate::new(500);
    /// let endpoint = ReportEndpoint::default().with_aggregate(aggregate.clone());
    /// let body = br#"{"csp-report": {"document-uri": "https://a.example/",
    ///     "effective-directive": "script-src-elem", "blocked-uri": "inline"}}"#;
    /// let answer = endpoint.receive(true, Some("application/csp-report"), ReportBody::Read(body));
    /// assert_eq!(answer.status, 204);
    /// assert_eq!(aggregate.snapshot().groups[0].count, 1);
    /// assert_eq!(endpoint.aggregate().unwrap().snapshot(), aggregate.snapshot());
    /// ```
    pub fn with_aggregate(mut self, aggregate: ViolationAggregate) -> Self {
        self.aggregate = Some(aggregate);
        self
    }

    /// The aggregate violations are recorded into, if one was given.
    pub fn aggregate(&self) -> Option<&ViolationAggregate> {
        self.aggregate.as_ref()
    }

    /// The path served.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The body limit in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// The most violations taken from one body.
    pub fn max_reports_per_body(&self) -> usize {
        self.max_reports_per_body
    }

    /// The window in which repeats of a logged violation are counted, not logged.
    pub fn dedup_window(&self) -> Duration {
        self.dedup.window()
    }

    /// The answer to a request that needs no reading of its body: 405 for a method other
    /// than POST, 413 when its `Content-Length` is over the limit. `None` when the body must
    /// be read (at most [`body_limit`](Self::body_limit) bytes) and given to
    /// [`receive`](Self::receive).
    pub fn answer_before_reading(
        &self,
        method_is_post: bool,
        content_type: Option<&str>,
        content_length: Option<&[u8]>,
    ) -> Option<ReportResponse> {
        let declared = content_length
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if !method_is_post {
            Some(self.receive(false, content_type, ReportBody::Read(&[])))
        } else if declared.is_some_and(|len| len > self.body_limit as u64) {
            Some(self.receive(true, content_type, ReportBody::TooLarge))
        } else {
            None
        }
    }

    /// Answers one request to the endpoint: takes the first
    /// [`max_reports_per_body`](Self::max_reports_per_body) violations of the body, logs each
    /// at WARN with `tracing` unless it repeats one logged within the
    /// [`dedup_window`](Self::dedup_window), and hands each to the callback. Never panics,
    /// whatever the body.
    pub fn receive(
        &self,
        method_is_post: bool,
        content_type: Option<&str>,
        body: ReportBody<'_>,
    ) -> ReportResponse {
        self.receive_at(method_is_post, content_type, body, Instant::now())
    }

    /// [`receive`](Self::receive) at the time `now`, which the tests choose.
    fn receive_at(
        &self,
        method_is_post: bool,
        content_type: Option<&str>,
        body: ReportBody<'_>,
        now: Instant,
    ) -> ReportResponse {
        let error = |status, reason| ReportResponse { status, reason };
        if !method_is_post {
            return error(405, "use POST to send reports");
        }
        let body = match body {
            ReportBody::Read(body) => body,
            ReportBody::TooLarge => return error(413, "report too large"),
            ReportBody::Unreadable => return error(400, "could not read the request body"),
            ReportBody::TimedOut => return error(408, "request body timeout"),
        };
        match parse_all_reports(content_type, body) {
            Ok(mut reports) => {
                let received = reports.len();
                if received > self.max_reports_per_body {
                    reports.truncate(self.max_reports_per_body);
                    let dropped = received - self.max_reports_per_body;
                    tracing::info!(
                        target: "secure_http::csp_report",
                        received,
                        dropped,
                        "{dropped} of the {received} reports in one request dropped: \
                         at most {} are taken from a body \
                         (ReportEndpoint::with_max_reports_per_body)",
                        self.max_reports_per_body
                    );
                }
                for report in &reports {
                    let logged = self.dedup.observe_report(report, now);
                    match &report.body {
                        ReportData::CspViolation(violation) => {
                            if let Some(repeats) = logged {
                                log_violation(violation, repeats, self.dedup.window());
                            }
                            if let Some(aggregate) = &self.aggregate {
                                aggregate.record(violation);
                            }
                            if let Some(callback) = &self.on_violation {
                                callback(violation);
                            }
                        }
                        _ => {
                            if let Some(repeats) = logged {
                                log_report(report, repeats, self.dedup.window());
                            }
                        }
                    }
                    if let Some(callback) = &self.on_report {
                        callback(report);
                    }
                }
                ReportResponse {
                    status: 204,
                    reason: "",
                }
            }
            Err(super::ReportError::UnsupportedContentType) => error(
                400,
                "expected Content-Type application/csp-report or application/reports+json",
            ),
            Err(super::ReportError::Malformed(reason)) => {
                tracing::debug!(
                    target: "secure_http::csp_report",
                    reason = %Escaped(&reason),
                    "malformed CSP report"
                );
                error(400, "malformed report")
            }
        }
    }
}

/// The line of one report other than a CSP violation, every field escaped: WARN for what
/// a policy blocked or reported and for crashes, INFO for deprecations, interventions and
/// types this crate does not know. `repeats` as for [`log_violation`].
fn log_report(report: &Report, repeats: u64, window: Duration) {
    let kind = Escaped(report.body.report_type());
    let page = Escaped(&report.url);
    let again = if repeats == 0 {
        String::new()
    } else {
        format!(" (and {repeats} more like it within {window:?} of the previous one logged)")
    };
    match report.body {
        ReportData::Deprecation(_) | ReportData::Intervention(_) | ReportData::Other { .. } => {
            tracing::info!(
                target: "secure_http::report",
                %kind,
                %page,
                repeats,
                "report: {report}{again}"
            );
        }
        _ => {
            tracing::warn!(
                target: "secure_http::report",
                %kind,
                %page,
                repeats,
                "report: {report}{again}"
            );
        }
    }
}

/// The WARN line of one violation, every field escaped; `repeats` is the number of identical
/// ones received, and not logged, within `window` after the previous one logged.
fn log_violation(violation: &CspViolation, repeats: u64, window: Duration) {
    let directive = Escaped(&violation.effective_directive);
    let blocked = Escaped(violation.blocked_uri.as_deref().unwrap_or(""));
    let document = Escaped(&violation.document_uri);
    if repeats == 0 {
        tracing::warn!(
            target: "secure_http::csp_report",
            %directive,
            %blocked,
            %document,
            repeats,
            "CSP violation: {violation}"
        );
    } else {
        tracing::warn!(
            target: "secure_http::csp_report",
            %directive,
            %blocked,
            %document,
            repeats,
            "CSP violation: {violation} (and {repeats} more like it within {window:?} of the \
             previous one logged)"
        );
    }
}

impl Default for ReportEndpoint {
    fn default() -> Self {
        Self::at(Self::DEFAULT_PATH).expect("the default path is valid")
    }
}

impl fmt::Debug for ReportEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReportEndpoint")
            .field("path", &self.path)
            .field("body_limit", &self.body_limit)
            .field("body_timeout", &self.body_timeout)
            .field("max_reports_per_body", &self.max_reports_per_body)
            .field("dedup_window", &self.dedup.window())
            .field(
                "aggregate",
                &self.aggregate.as_ref().map(|a| a.max_groups()),
            )
            .field("on_violation", &self.on_violation.is_some())
            .field("on_report", &self.on_report.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// What was logged while `f` ran, at DEBUG and above, one entry per line.
    fn logged(f: impl FnOnce()) -> Vec<String> {
        let text = crate::test_log::Captured::during(f);
        text.lines().map(str::to_owned).collect()
    }

    /// An `application/reports+json` body of `count` violations, the `i`th blocking
    /// `blocked(i)`.
    fn batch(count: usize, blocked: impl Fn(usize) -> String) -> String {
        let reports: Vec<String> = (0..count)
            .map(|i| {
                format!(
                    r#"{{"type":"csp-violation","body":{{"documentURL":"https://a.example/","effectiveDirective":"img-src","blockedURL":"{}"}}}}"#,
                    blocked(i)
                )
            })
            .collect();
        format!("[{}]", reports.join(","))
    }

    const BATCH: Option<&str> = Some("application/reports+json");
    const CSP_REPORT: Option<&str> = Some("application/csp-report");

    #[test]
    fn the_reports_of_one_body_are_capped() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let sink = calls.clone();
        let endpoint = ReportEndpoint::default()
            .with_max_reports_per_body(3)
            .on_violation(move |v| sink.lock().unwrap().push(v.blocked_uri.clone().unwrap()));
        let body = batch(10, |i| format!("https://x.example/{i}"));
        let lines = logged(|| {
            let answer = endpoint.receive(true, BATCH, ReportBody::Read(body.as_bytes()));
            assert_eq!(answer.status, 204);
        });
        assert_eq!(
            *calls.lock().unwrap(),
            [
                "https://x.example/0",
                "https://x.example/1",
                "https://x.example/2"
            ]
        );
        let warnings = lines.iter().filter(|l| l.starts_with(" WARN")).count();
        assert_eq!(warnings, 3, "{lines:#?}");
        let info: Vec<_> = lines.iter().filter(|l| l.starts_with(" INFO")).collect();
        assert_eq!(
            info,
            [
                " INFO secure_http::csp_report: 7 of the 10 reports in one request \
                 dropped: at most 3 are taken from a body \
                 (ReportEndpoint::with_max_reports_per_body) received=10 dropped=7"
            ],
            "{lines:#?}"
        );

        // At the cap nothing is said.
        let body = batch(3, |i| format!("https://y.example/{i}"));
        let lines = logged(|| {
            endpoint.receive(true, BATCH, ReportBody::Read(body.as_bytes()));
        });
        assert!(!lines.iter().any(|l| l.contains("dropped")), "{lines:#?}");

        // A cap of 0 keeps nothing.
        let none = ReportEndpoint::default()
            .with_max_reports_per_body(0)
            .on_violation(|_| panic!("no report is kept"));
        let answer = none.receive(true, BATCH, ReportBody::Read(body.as_bytes()));
        assert_eq!(answer.status, 204);
    }

    #[test]
    fn repeats_are_counted_in_the_window_and_logged_after_it() {
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        let endpoint =
            ReportEndpoint::default().on_violation(move |_| *counter.lock().unwrap() += 1);
        let t0 = Instant::now();
        let post = |endpoint: &ReportEndpoint, after: u64| {
            let at = t0 + Duration::from_secs(after);
            let answer = endpoint.receive_at(true, CSP_REPORT, ReportBody::Read(REPORT), at);
            assert_eq!(answer.status, 204);
        };
        let first = logged(|| post(&endpoint, 0));
        assert_eq!(
            first,
            [
                " WARN secure_http::csp_report: CSP violation: img-src blocked \
                 https://evil.example/x.png on https://a.example/ directive=img-src \
                 blocked=https://evil.example/x.png document=https://a.example/ repeats=0"
            ]
        );
        let repeats = logged(|| (1..=59).for_each(|s| post(&endpoint, s)));
        assert_eq!(repeats, Vec::<String>::new(), "counted, not logged");
        let after = logged(|| post(&endpoint, 61));
        assert_eq!(
            after,
            [
                " WARN secure_http::csp_report: CSP violation: img-src blocked \
                 https://evil.example/x.png on https://a.example/ (and 59 more like it within \
                 60s of the previous one logged) directive=img-src \
                 blocked=https://evil.example/x.png document=https://a.example/ repeats=59"
            ]
        );
        assert_eq!(*calls.lock().unwrap(), 61, "the callback hears every one");

        // Clones share what was logged.
        let clone = endpoint.clone();
        assert_eq!(logged(|| post(&clone, 62)), Vec::<String>::new());
    }

    #[test]
    fn a_flood_of_one_violation_in_one_body_is_one_line() {
        let endpoint = ReportEndpoint::default().with_max_reports_per_body(2000);
        let body = batch(1110, |_| "https://x.example/".into());
        let lines = logged(|| {
            endpoint.receive(true, BATCH, ReportBody::Read(body.as_bytes()));
        });
        assert_eq!(lines.len(), 1, "{lines:#?}");
        assert!(lines[0].starts_with(" WARN"));
    }

    #[test]
    fn an_aggregate_counts_what_the_callback_sees() {
        let aggregate = ViolationAggregate::new(2);
        let endpoint = ReportEndpoint::default()
            .with_max_reports_per_body(4)
            .with_aggregate(aggregate.clone());
        // Ten reports of three origins: four are kept, of which two groups fit the table.
        let body = batch(10, |i| format!("https://h{}.example/{i}", i % 3));
        let answer = endpoint.receive(true, BATCH, ReportBody::Read(body.as_bytes()));
        assert_eq!(answer.status, 204);
        let snapshot = aggregate.snapshot();
        let groups: Vec<(String, u64)> = snapshot
            .groups
            .iter()
            .map(|g| (g.blocked.as_text(), g.count))
            .collect();
        assert_eq!(
            groups,
            [
                ("https://h0.example".to_owned(), 2),
                ("https://h1.example".to_owned(), 1)
            ]
        );
        assert_eq!(snapshot.dropped, 1, "the third origin found the table full");
        // A malformed body records nothing.
        endpoint.receive(true, BATCH, ReportBody::Read(b"[{]"));
        assert_eq!(aggregate.snapshot(), snapshot);
        assert!(ReportEndpoint::default().aggregate().is_none());
    }

    #[test]
    fn a_window_of_zero_logs_every_report() {
        let endpoint = ReportEndpoint::default().with_dedup_window(Duration::ZERO);
        let body = batch(5, |_| "https://x.example/".into());
        let lines = logged(|| {
            endpoint.receive(true, BATCH, ReportBody::Read(body.as_bytes()));
        });
        assert_eq!(lines.len(), 5, "{lines:#?}");
    }

    #[test]
    fn the_documented_table_size_is_the_real_one() {
        // `ReportEndpoint`'s documentation says 256.
        assert_eq!(super::super::dedup::MAX_ENTRIES, 256);
    }

    #[test]
    fn every_field_logged_is_escaped() {
        let body = br#"{"csp-report":{"document-uri":"https://a.example/\n\u202e","effective-directive":"img-src\u001b[2J","blocked-uri":"https://x.example/\r","source-file":"https://a.example/app.js\u0085","line-number":3}}"#;
        let lines = logged(|| {
            ReportEndpoint::default().receive(true, CSP_REPORT, ReportBody::Read(body));
        });
        assert_eq!(
            lines,
            [
                r" WARN secure_http::csp_report: CSP violation: img-src\u{1b}[2J blocked https://x.example/\r on https://a.example/\n\u{202e} (https://a.example/app.js\u{85}:3) directive=img-src\u{1b}[2J blocked=https://x.example/\r document=https://a.example/\n\u{202e} repeats=0"
            ]
        );
        let bad = br#"{"csp-report":{"effective-directive":"a","disposition":"\n\u001b"}}"#;
        let lines = logged(|| {
            ReportEndpoint::default().receive(true, CSP_REPORT, ReportBody::Read(bad));
        });
        assert_eq!(
            lines,
            [
                r"DEBUG secure_http::csp_report: malformed CSP report reason=unknown variant `\n\u{1b}`, expected `enforce` or `report` at line 1 column 65"
            ]
        );
    }

    const REPORT: &[u8] = br#"{"csp-report":{"document-uri":"https://a.example/","effective-directive":"img-src","blocked-uri":"https://evil.example/x.png"}}"#;

    #[test]
    fn answers_each_kind_of_request() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let endpoint = ReportEndpoint::default()
            .on_violation(move |v| sink.lock().unwrap().push(v.blocked_uri.clone()));
        let ct = Some("application/csp-report");
        let status = |post, ct, body| endpoint.receive(post, ct, body).status;
        assert_eq!(status(true, ct, ReportBody::Read(REPORT)), 204);
        assert_eq!(status(false, ct, ReportBody::Read(REPORT)), 405);
        assert_eq!(status(true, ct, ReportBody::TooLarge), 413);
        assert_eq!(status(true, ct, ReportBody::Unreadable), 400);
        assert_eq!(status(true, ct, ReportBody::TimedOut), 408);
        assert_eq!(status(true, ct, ReportBody::Read(b"{")), 400);
        assert_eq!(
            status(true, Some("text/plain"), ReportBody::Read(REPORT)),
            400
        );
        assert_eq!(
            *seen.lock().unwrap(),
            [Some("https://evil.example/x.png".to_owned())]
        );
    }

    #[test]
    fn some_requests_are_answered_before_reading_their_body() {
        let endpoint = ReportEndpoint::default().with_body_limit(100);
        let ct = Some("application/csp-report");
        let early = |post, length: Option<&[u8]>| {
            endpoint
                .answer_before_reading(post, ct, length)
                .map(|a| a.status)
        };
        assert_eq!(early(false, None), Some(405));
        assert_eq!(early(true, Some(b"101")), Some(413));
        assert_eq!(early(true, Some(b" 100 ")), None);
        assert_eq!(
            early(true, Some(b"not a number")),
            None,
            "read, within the limit"
        );
        assert_eq!(early(true, None), None);
    }

    #[test]
    fn paths_must_be_absolute_report_uris() {
        assert!(ReportEndpoint::at("/r").is_ok());
        assert!(ReportEndpoint::at("r").is_err());
        assert!(ReportEndpoint::at("/a b").is_err());
        assert!(ReportEndpoint::at("/a;b").is_err());
    }

    /// Every report type reaches `on_report`, the CSP violations `on_violation` too; each is
    /// logged once within the window, at its level, and the cap counts reports of every type.
    #[test]
    fn every_report_type_is_logged_and_handed_on() {
        use super::super::wire::tests::CHROMIUM_MIXED_BATCH;
        let reports = Arc::new(Mutex::new(Vec::new()));
        let violations = Arc::new(Mutex::new(0));
        let (report_sink, violation_sink) = (reports.clone(), violations.clone());
        let endpoint = ReportEndpoint::default()
            .on_violation(move |_| *violation_sink.lock().unwrap() += 1)
            .on_report(move |r| {
                report_sink
                    .lock()
                    .unwrap()
                    .push(r.body.report_type().to_owned())
            });
        let body = CHROMIUM_MIXED_BATCH.as_bytes();
        let lines = logged(|| {
            let answer = endpoint.receive(true, BATCH, ReportBody::Read(body));
            assert_eq!(answer.status, 204);
        });
        let level = |prefix: &str, target: &str| {
            lines
                .iter()
                .filter(|l| l.starts_with(prefix) && l.contains(target))
                .count()
        };
        assert_eq!(level(" WARN", "secure_http::report:"), 5, "{lines:#?}");
        assert_eq!(level(" INFO", "secure_http::report:"), 3, "{lines:#?}");
        assert_eq!(level(" WARN", "secure_http::csp_report:"), 1, "{lines:#?}");
        assert!(lines.iter().any(|l| l.contains(
            "report: integrity-violation: script http://127.0.0.1:3000/static/app.js without integrity metadata blocked on http://127.0.0.1:3000/"
        )), "{lines:#?}");
        assert_eq!(reports.lock().unwrap().len(), 9);
        assert_eq!(*violations.lock().unwrap(), 1);

        // The same batch again, within the window: counted, not logged, still handed on.
        let again = logged(|| {
            endpoint.receive(true, BATCH, ReportBody::Read(body));
        });
        assert!(
            !again
                .iter()
                .any(|l| l.starts_with(" WARN") || l.starts_with(" INFO")),
            "{again:#?}"
        );
        assert_eq!(reports.lock().unwrap().len(), 18);
        assert_eq!(*violations.lock().unwrap(), 2);

        // The cap counts every type: the first three of the batch are kept.
        let kept = Arc::new(Mutex::new(Vec::new()));
        let sink = kept.clone();
        let capped = ReportEndpoint::default()
            .with_max_reports_per_body(3)
            .on_report(move |r| sink.lock().unwrap().push(r.body.report_type().to_owned()));
        capped.receive(true, BATCH, ReportBody::Read(body));
        assert_eq!(
            *kept.lock().unwrap(),
            ["integrity-violation", "coep", "coop"]
        );
    }

    /// A CSP report of the older format reaches `on_report` too.
    #[test]
    fn csp_reports_reach_on_report() {
        let urls = Arc::new(Mutex::new(Vec::new()));
        let sink = urls.clone();
        let endpoint =
            ReportEndpoint::default().on_report(move |r| sink.lock().unwrap().push(r.url.clone()));
        let body = br#"{"csp-report":{"document-uri":"https://a.example/","effective-directive":"img-src"}}"#;
        let answer = endpoint.receive(true, CSP_REPORT, ReportBody::Read(body));
        assert_eq!(answer.status, 204);
        assert_eq!(*urls.lock().unwrap(), ["https://a.example/"]);
    }
}

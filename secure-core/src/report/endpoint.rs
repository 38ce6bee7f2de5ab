//! The endpoint browsers post violation reports to, independent of the web framework:
//! the integrations read the body within the limit and hand it here.

use super::{CspViolation, Escaped, parse_reports};
use crate::csp::{CspErrorKind, DirectiveName, Value};
use std::fmt;
use std::sync::Arc;

/// Where reports are received, how much body is read, and who hears about them.
///
/// The path is the one setting for both sides: the integrations serve it, and add
/// `report-uri <path>` to every policy that names no `report-uri` and no `report-to`, so the
/// two can never disagree.
///
/// ```
/// use secure_core::report::ReportEndpoint;
/// let endpoint = ReportEndpoint::default();
/// assert_eq!(endpoint.path(), "/csp-report");
/// assert_eq!(endpoint.body_limit(), 64 * 1024);
/// assert!(ReportEndpoint::at("/reports/csp").is_ok());
/// assert!(ReportEndpoint::at("reports").is_err());
/// ```
#[derive(Clone)]
pub struct ReportEndpoint {
    path: String,
    body_limit: usize,
    on_violation: Option<ViolationCallback>,
}

/// The user's function that hears about each violation.
type ViolationCallback = Arc<dyn Fn(&CspViolation) + Send + Sync>;

/// How the endpoint answers one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportResponse {
    /// The status code: 204, 400, 405 or 413.
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
}

impl ReportEndpoint {
    /// The default path.
    pub const DEFAULT_PATH: &'static str = "/csp-report";
    /// The default body limit: 64 KiB.
    pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

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
            on_violation: None,
        })
    }

    /// Reads at most this many bytes of a report; larger ones are answered 413.
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Calls `f` with every violation received, after it is logged: to store, count or
    /// forward it. It runs on the request's task, so keep it quick.
    pub fn on_violation(mut self, f: impl Fn(&CspViolation) + Send + Sync + 'static) -> Self {
        self.on_violation = Some(Arc::new(f));
        self
    }

    /// The path served.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The body limit in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
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

    /// Answers one request to the endpoint: logs each violation at WARN with `tracing`, its
    /// fields through [`Escaped`], and hands it to the callback. Never panics, whatever the
    /// body.
    pub fn receive(
        &self,
        method_is_post: bool,
        content_type: Option<&str>,
        body: ReportBody<'_>,
    ) -> ReportResponse {
        let error = |status, reason| ReportResponse { status, reason };
        if !method_is_post {
            return error(405, "use POST to send reports");
        }
        let body = match body {
            ReportBody::Read(body) => body,
            ReportBody::TooLarge => return error(413, "report too large"),
            ReportBody::Unreadable => return error(400, "could not read the request body"),
        };
        match parse_reports(content_type, body) {
            Ok(violations) => {
                for violation in &violations {
                    tracing::warn!(
                        target: "secure_http::csp_report",
                        directive = %Escaped(&violation.effective_directive),
                        blocked = %Escaped(violation.blocked_uri.as_deref().unwrap_or("")),
                        document = %Escaped(&violation.document_uri),
                        "CSP violation: {violation}"
                    );
                    if let Some(callback) = &self.on_violation {
                        callback(violation);
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
            .field("on_violation", &self.on_violation.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// What was logged while `f` ran, at DEBUG and above, one entry per line.
    fn logged(f: impl FnOnce()) -> Vec<String> {
        #[derive(Clone, Default)]
        struct Sink(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Sink {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .without_time()
            .finish();
        tracing::subscriber::with_default(subscriber, f);
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        text.lines().map(str::to_owned).collect()
    }

    const CSP_REPORT: Option<&str> = Some("application/csp-report");

    #[test]
    fn every_field_logged_is_escaped() {
        let body = br#"{"csp-report":{"document-uri":"https://a.example/\n\u202e","effective-directive":"img-src\u001b[2J","blocked-uri":"https://x.example/\r","source-file":"https://a.example/app.js\u0085","line-number":3}}"#;
        let lines = logged(|| {
            ReportEndpoint::default().receive(true, CSP_REPORT, ReportBody::Read(body));
        });
        assert_eq!(
            lines,
            [
                r" WARN secure_http::csp_report: CSP violation: img-src\u{1b}[2J blocked https://x.example/\r on https://a.example/\n\u{202e} (https://a.example/app.js\u{85}:3) directive=img-src\u{1b}[2J blocked=https://x.example/\r document=https://a.example/\n\u{202e}"
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
}

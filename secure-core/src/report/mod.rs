//! Reports, as browsers post them: CSP violations in `application/csp-report` bodies from
//! `report-uri`, and every report type of the Reporting API in `application/reports+json`
//! arrays (CSP's `report-to`, `Integrity-Policy`, COEP, COOP, Permissions-Policy,
//! deprecations, interventions, crashes).

mod aggregate;
mod dedup;
mod endpoint;
mod escape;
mod json_lines;
mod kinds;
pub mod learn;
mod wire;

pub use aggregate::{AggregateSnapshot, Blocked, ViolationAggregate, ViolationGroup};
pub use endpoint::{ReportBody, ReportEndpoint, ReportResponse};
pub use escape::Escaped;
pub use json_lines::{JsonLinesError, read_json_lines};
pub use kinds::{
    CoepViolation, CoopViolation, Crash, Deprecation, IntegrityViolation, Intervention,
    PermissionsPolicyViolation, Report, ReportData,
};

use serde::{Deserialize, Serialize};
use std::fmt;

/// Whether the violated policy was enforced or report-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Disposition {
    /// The browser blocked the resource.
    Enforce,
    /// Report-only: the resource was allowed and reported.
    Report,
}

/// Which of the two report formats a violation arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportFormat {
    /// `application/csp-report`, sent for `report-uri`.
    CspReport,
    /// `application/reports+json`, sent for `report-to`.
    ReportingApi,
}

/// One CSP violation, whichever format it came in.
///
/// Browsers fill these fields unevenly; everything but the directive and the document is
/// optional, and unknown fields are ignored.
///
/// The fields hold the text as received, from whoever posted the report; its
/// [`Display`](fmt::Display) form, one line for logs, shows them through [`Escaped`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CspViolation {
    /// The page whose policy was violated.
    pub document_uri: String,
    /// The directive whose enforcement caused the violation (`script-src-elem`).
    pub effective_directive: String,
    /// What was blocked: a URL, or `inline`, `eval`, `wasm-eval`, `trusted-types-policy`, ...
    pub blocked_uri: Option<String>,
    /// The policy as the browser received it.
    pub original_policy: Option<String>,
    /// Enforced or report-only.
    pub disposition: Option<Disposition>,
    /// The page's referrer.
    pub referrer: Option<String>,
    /// The script or style file where the violation happened.
    pub source_file: Option<String>,
    /// Line in `source_file`.
    pub line_number: Option<u64>,
    /// Column in `source_file`.
    pub column_number: Option<u64>,
    /// HTTP status of the page.
    pub status_code: Option<u16>,
    /// The first characters of the blocked inline code, with `'report-sample'`.
    pub sample: Option<String>,
    /// The browser's user agent (Reporting API only).
    pub user_agent: Option<String>,
    /// Milliseconds between the violation and the report being sent (Reporting API only).
    pub age: Option<u64>,
    /// The format it arrived in.
    pub format: ReportFormat,
}

/// Why a report body was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReportError {
    /// The content type is neither `application/csp-report` nor `application/reports+json`
    /// (nor `application/json`, which some browsers send for `report-uri`).
    UnsupportedContentType,
    /// The body is not a report of the declared format.
    Malformed(String),
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedContentType => f.write_str(
                "expected content type application/csp-report or application/reports+json",
            ),
            // The reason may quote the body (serde repeats an unknown variant).
            Self::Malformed(reason) => write!(f, "malformed report: {}", Escaped(reason)),
        }
    }
}

impl std::error::Error for ReportError {}

/// Reads the CSP violations in a report body of the given content type.
///
/// A Reporting API batch may mix CSP violations with other report types (deprecations,
/// interventions); those are skipped here: [`parse_all_reports`] reads them all.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::report::{parse_reports, ReportFormat};
/// let body = br#"{"csp-report": {"document-uri": "https://example.com/",
///     "effective-directive": "script-src-elem", "blocked-uri": "inline"}}"#;
/// let violations = parse_reports(Some("application/csp-report"), body)?;
/// assert_eq!(violations[0].effective_directive, "script-src-elem");
/// assert_eq!(violations[0].blocked_uri.as_deref(), Some("inline"));
/// assert_eq!(violations[0].format, ReportFormat::CspReport);
/// # Ok::<(), secure_http::report::ReportError>(())
/// ```
pub fn parse_reports(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Vec<CspViolation>, ReportError> {
    Ok(parse_all_reports(content_type, body)?
        .into_iter()
        .filter_map(|report| match report.body {
            ReportData::CspViolation(violation) => Some(violation),
            _ => None,
        })
        .collect())
}

/// Reads every report in a body of the given content type: CSP violations from either
/// format, the other Reporting API types typed, and types this crate does not know as
/// [`ReportData::Other`], with their JSON as received.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::report::{parse_all_reports, ReportData};
/// let body = br#"[{"type": "integrity-violation", "age": 3, "url": "https://example.com/",
///     "user_agent": "Mozilla/5.0", "body": {"documentURL": "https://example.com/",
///     "blockedURL": "https://cdn.example.com/app.js", "destination": "script",
///     "reportOnly": false}},
///   {"type": "future-thing", "url": "https://example.com/", "body": {"x": 1}}]"#;
/// let reports = parse_all_reports(Some("application/reports+json"), body)?;
/// let ReportData::IntegrityViolation(violation) = &reports[0].body else { panic!() };
/// assert_eq!(violation.blocked_url, "https://cdn.example.com/app.js");
/// assert_eq!(
///     reports[0].to_string(),
///     "integrity-violation: script https://cdn.example.com/app.js without integrity metadata blocked on https://example.com/"
/// );
/// assert_eq!(reports[1].body.report_type(), "future-thing");
/// # Ok::<(), secure_http::report::ReportError>(())
/// ```
pub fn parse_all_reports(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Vec<Report>, ReportError> {
    let media_type = content_type
        .and_then(|ct| ct.split(';').next())
        .map(|mt| mt.trim().to_ascii_lowercase());
    match media_type.as_deref() {
        Some("application/csp-report" | "application/json") => {
            let violation = wire::csp_report(body)?;
            Ok(vec![Report {
                url: violation.document_uri.clone(),
                user_agent: None,
                age: None,
                body: ReportData::CspViolation(violation),
            }])
        }
        Some("application/reports+json") => wire::reporting_api(body),
        _ => Err(ReportError::UnsupportedContentType),
    }
}

impl fmt::Display for CspViolation {
    /// One line for logs: `script-src-elem blocked inline on https://example.com/ (app.js:12:5)`,
    /// each field through [`Escaped`], so that a line break or a control character received in
    /// a report is written as an escape (`\n`, `\u{1b}`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} blocked {} on {}",
            Escaped(&self.effective_directive),
            Escaped(self.blocked_uri.as_deref().unwrap_or("(unknown)")),
            Escaped(&self.document_uri)
        )?;
        if let Some(file) = &self.source_file {
            write!(f, " ({}", Escaped(file))?;
            if let Some(line) = self.line_number {
                write!(f, ":{line}")?;
                if let Some(column) = self.column_number {
                    write!(f, ":{column}")?;
                }
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

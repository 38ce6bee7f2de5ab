//! Every report the Reporting API delivers to one endpoint, typed: CSP violations and the
//! other kinds browsers send (integrity, COEP, COOP, Permissions-Policy, deprecations,
//! interventions, crashes), and the kinds this crate does not know, kept as JSON.

use super::{CspViolation, Escaped};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One report as received, with what the Reporting API says of every report.
///
/// The text fields hold what was received, from whoever posted it; the
/// [`Display`](fmt::Display) form, one line for logs, shows them through [`Escaped`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The page the report is about (the report's `url`, or the CSP report's document).
    pub url: String,
    /// The browser's user agent (Reporting API only).
    pub user_agent: Option<String>,
    /// Milliseconds between the event and the report being sent (Reporting API only).
    pub age: Option<u64>,
    /// What happened.
    pub body: ReportData,
}

/// What a report says, by its `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "body", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ReportData {
    /// `csp-violation`, or an `application/csp-report` body.
    CspViolation(CspViolation),
    /// `integrity-violation`: a resource refused or reported by `Integrity-Policy`.
    IntegrityViolation(IntegrityViolation),
    /// `coep`: a resource refused or reported by `Cross-Origin-Embedder-Policy`.
    Coep(CoepViolation),
    /// `coop`: a navigation or access `Cross-Origin-Opener-Policy` affected.
    Coop(CoopViolation),
    /// `permissions-policy-violation`: a feature used that `Permissions-Policy` denies.
    PermissionsPolicyViolation(PermissionsPolicyViolation),
    /// `deprecation`: the page used an API that browsers will remove.
    Deprecation(Deprecation),
    /// `intervention`: the browser refused something the page asked for.
    Intervention(Intervention),
    /// `crash`: the page crashed.
    Crash(Crash),
    /// A type this crate does not know, or a known type whose body does not read as that
    /// type: kept as received.
    #[serde(untagged)]
    Other {
        /// The report's `type`.
        report_type: String,
        /// Its body, as JSON (`null` when it had none).
        body: serde_json::Value,
    },
}

impl ReportData {
    /// The report's `type`, as the Reporting API names it.
    pub fn report_type(&self) -> &str {
        match self {
            Self::CspViolation(_) => "csp-violation",
            Self::IntegrityViolation(_) => "integrity-violation",
            Self::Coep(_) => "coep",
            Self::Coop(_) => "coop",
            Self::PermissionsPolicyViolation(_) => "permissions-policy-violation",
            Self::Deprecation(_) => "deprecation",
            Self::Intervention(_) => "intervention",
            Self::Crash(_) => "crash",
            Self::Other { report_type, .. } => report_type,
        }
    }
}

/// The body of an `integrity-violation` report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IntegrityViolation {
    /// The page whose policy was violated.
    #[serde(rename = "documentURL", default)]
    pub document_url: String,
    /// The resource loaded without integrity metadata.
    #[serde(rename = "blockedURL", default)]
    pub blocked_url: String,
    /// Its request destination: `script`, `style`.
    #[serde(default)]
    pub destination: String,
    /// Whether the policy was `Integrity-Policy-Report-Only` (the resource was loaded).
    #[serde(default)]
    pub report_only: bool,
}

/// The body of a `coep` report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CoepViolation {
    /// What was refused: `corp` (a subresource), `navigation` (a frame) or
    /// `worker-initialization`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The resource.
    #[serde(rename = "blockedURL", default)]
    pub blocked_url: String,
    /// Its request destination (`image`, `script`, `iframe`, ...).
    pub destination: Option<String>,
    /// `enforce`, or `reporting` for `Cross-Origin-Embedder-Policy-Report-Only`.
    pub disposition: Option<String>,
}

/// The body of a `coop` report. Which fields are present depends on `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CoopViolation {
    /// What happened: `navigation-to-response`, `navigation-from-response`,
    /// `access-from-coop-page-to-opener`, ...
    #[serde(rename = "type", default)]
    pub kind: String,
    /// `enforce`, or `reporting` for `Cross-Origin-Opener-Policy-Report-Only`.
    pub disposition: Option<String>,
    /// The policy in force: `same-origin`, `same-origin-allow-popups`, ...
    pub effective_policy: Option<String>,
    /// The page navigated from.
    #[serde(rename = "previousResponseURL")]
    pub previous_response_url: Option<String>,
    /// The page navigated to.
    #[serde(rename = "nextResponseURL")]
    pub next_response_url: Option<String>,
    /// The window property accessed, for access reports.
    pub property: Option<String>,
    /// The script file where it happened, for access reports.
    pub source_file: Option<String>,
    /// Line in `source_file`.
    pub line_number: Option<u64>,
    /// Column in `source_file`.
    pub column_number: Option<u64>,
}

/// The body of a `permissions-policy-violation` report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionsPolicyViolation {
    /// The feature: `geolocation`, `camera`, ...
    #[serde(default)]
    pub feature_id: String,
    /// `enforce` or `report`.
    pub disposition: Option<String>,
    /// The browser's explanation.
    pub message: Option<String>,
    /// The script file where it happened.
    pub source_file: Option<String>,
    /// Line in `source_file`.
    pub line_number: Option<u64>,
    /// Column in `source_file`.
    pub column_number: Option<u64>,
}

/// The body of a `deprecation` report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Deprecation {
    /// The deprecated feature's identifier.
    #[serde(default)]
    pub id: String,
    /// The browser's explanation.
    pub message: Option<String>,
    /// When browsers plan to remove it, as the browser sent it (a date string or a
    /// timestamp), if it said.
    pub anticipated_removal: Option<serde_json::Value>,
    /// The script file where it was used.
    pub source_file: Option<String>,
    /// Line in `source_file`.
    pub line_number: Option<u64>,
    /// Column in `source_file`.
    pub column_number: Option<u64>,
}

/// The body of an `intervention` report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Intervention {
    /// The intervention's identifier.
    #[serde(default)]
    pub id: String,
    /// The browser's explanation.
    pub message: Option<String>,
    /// The script file where it happened.
    pub source_file: Option<String>,
    /// Line in `source_file`.
    pub line_number: Option<u64>,
    /// Column in `source_file`.
    pub column_number: Option<u64>,
}

/// The body of a `crash` report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Crash {
    /// Why: `oom`, `unresponsive`, or absent.
    pub reason: Option<String>,
    /// The JavaScript stack, when the page opted in to sending it.
    pub stack: Option<String>,
    /// Whether the crashed frame was the top-level one.
    pub is_top_level: Option<bool>,
    /// `visible` or `hidden`.
    pub visibility_state: Option<String>,
}

/// Writes ` (file:line:column)` when a source file is known.
fn location(
    f: &mut fmt::Formatter<'_>,
    file: Option<&str>,
    line: Option<u64>,
    column: Option<u64>,
) -> fmt::Result {
    if let Some(file) = file {
        write!(f, " ({}", Escaped(file))?;
        if let Some(line) = line {
            write!(f, ":{line}")?;
            if let Some(column) = column {
                write!(f, ":{column}")?;
            }
        }
        f.write_str(")")?;
    }
    Ok(())
}

impl fmt::Display for Report {
    /// One line for logs: the type, what it says and the page, each received field through
    /// [`Escaped`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let page = Escaped(&self.url);
        let opt = |text: &Option<String>| text.as_deref().unwrap_or("(unknown)").to_owned();
        match &self.body {
            ReportData::CspViolation(v) => write!(f, "csp-violation: {v}"),
            ReportData::IntegrityViolation(v) => write!(
                f,
                "integrity-violation: {} {} without integrity metadata {} on {}",
                Escaped(&v.destination),
                Escaped(&v.blocked_url),
                if v.report_only { "reported" } else { "blocked" },
                Escaped(&v.document_url),
            ),
            ReportData::Coep(v) => write!(
                f,
                "coep: {} {} ({}) refused on {page}",
                Escaped(&v.kind),
                Escaped(&v.blocked_url),
                Escaped(&opt(&v.disposition)),
            ),
            ReportData::Coop(v) => {
                write!(
                    f,
                    "coop: {} under {} ({}) on {page}",
                    Escaped(&v.kind),
                    Escaped(&opt(&v.effective_policy)),
                    Escaped(&opt(&v.disposition)),
                )?;
                location(f, v.source_file.as_deref(), v.line_number, v.column_number)
            }
            ReportData::PermissionsPolicyViolation(v) => {
                write!(
                    f,
                    "permissions-policy-violation: {} ({}) on {page}",
                    Escaped(&v.feature_id),
                    Escaped(&opt(&v.disposition)),
                )?;
                location(f, v.source_file.as_deref(), v.line_number, v.column_number)
            }
            ReportData::Deprecation(v) => {
                write!(f, "deprecation: {} on {page}", Escaped(&v.id))?;
                location(f, v.source_file.as_deref(), v.line_number, v.column_number)
            }
            ReportData::Intervention(v) => {
                write!(f, "intervention: {} on {page}", Escaped(&v.id))?;
                location(f, v.source_file.as_deref(), v.line_number, v.column_number)
            }
            ReportData::Crash(v) => write!(
                f,
                "crash: {} on {page}",
                Escaped(v.reason.as_deref().unwrap_or("(no reason)"))
            ),
            ReportData::Other { report_type, .. } => {
                write!(f, "{}: report on {page}", Escaped(report_type))
            }
        }
    }
}

//! Violations as JSON lines, one report per line: written from the endpoint's callback to a
//! file, read back by [`read_json_lines`] (and `secure-http suggest`).

use super::{CspViolation, ReportError, wire};
use std::fmt;

impl CspViolation {
    /// This violation as one line of JSON, without the line break: its fields by their Rust
    /// names (`document_uri`, `effective_directive`, ...), absent ones as `null`. A line
    /// break or a control character received in a field is written as a JSON escape, so one
    /// report is always one line. [`read_json_lines`] reads it back.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::report::{parse_reports, read_json_lines};
    /// let body = br#"{"csp-report": {"document-uri": "https://a.example/\nforged",
    ///     "effective-directive": "img-src", "blocked-uri": "data"}}"#;
    /// let violations = parse_reports(Some("application/csp-report"), body)?;
    /// let line = violations[0].to_json_line();
    /// assert_eq!(
    ///     line,
    ///     r#"{"document_uri":"https://a.example/\nforged","effective_directive":"img-src","blocked_uri":"data","original_policy":null,"disposition":null,"referrer":null,"source_file":null,"line_number":null,"column_number":null,"status_code":null,"sample":null,"user_agent":null,"age":null,"format":"csp-report"}"#
    /// );
    /// assert_eq!(read_json_lines(&line).unwrap(), violations);
    /// # Ok::<(), secure_http::report::ReportError>(())
    /// ```
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("a violation is plain data")
    }
}

/// A line of JSON-lines text that is not a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLinesError {
    line: usize,
    error: ReportError,
}

impl JsonLinesError {
    /// The line, counted from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What is wrong with it.
    pub fn error(&self) -> &ReportError {
        &self.error
    }
}

impl fmt::Display for JsonLinesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.error)
    }
}

impl std::error::Error for JsonLinesError {}

/// Reads violations from JSON lines, one report per line; blank lines are skipped.
///
/// A line is either what [`CspViolation::to_json_line`] writes, or a report body as a
/// browser posts it, on one line: a `{"csp-report": {...}}` object, a Reporting API report
/// (`{"type": "csp-violation", "body": {...}}`), or an array of them (whose other report types
/// are skipped). So a log of raw bodies can be read as well as the endpoint's export. The
/// first line that is none of these is the error, with its number.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::report::read_json_lines;
/// let text = r#"{"csp-report":{"document-uri":"https://a.example/","effective-directive":"img-src","blocked-uri":"https://img.example.com/a.png"}}
///
/// [{"type":"csp-violation","body":{"documentURL":"https://a.example/","effectiveDirective":"script-src-elem","blockedURL":"inline"}}]
/// "#;
/// let violations = read_json_lines(text)?;
/// assert_eq!(violations.len(), 2);
/// assert_eq!(violations[1].blocked_uri.as_deref(), Some("inline"));
/// let error = read_json_lines("{\"csp-report\":{}}\nnot json").unwrap_err();
/// assert_eq!(error.line(), 1);
/// assert_eq!(
///     error.to_string(),
///     "line 1: malformed report: missing effective-directive and violated-directive"
/// );
/// # Ok::<(), secure_http::report::JsonLinesError>(())
/// ```
pub fn read_json_lines(text: &str) -> Result<Vec<CspViolation>, JsonLinesError> {
    let mut violations = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at = |error| JsonLinesError {
            line: index + 1,
            error,
        };
        violations.extend(read_line(line).map_err(at)?);
    }
    Ok(violations)
}

fn read_line(line: &str) -> Result<Vec<CspViolation>, ReportError> {
    let malformed = |e: serde_json::Error| ReportError::Malformed(e.to_string());
    let value: serde_json::Value = serde_json::from_str(line).map_err(malformed)?;
    match &value {
        serde_json::Value::Array(_) => wire::reporting_api(line.as_bytes()).map(csp_only),
        serde_json::Value::Object(object) if object.contains_key("csp-report") => {
            wire::csp_report(line.as_bytes()).map(|v| vec![v])
        }
        serde_json::Value::Object(object) if object.contains_key("type") => {
            wire::reporting_api(format!("[{line}]").as_bytes()).map(csp_only)
        }
        serde_json::Value::Object(_) => serde_json::from_value::<CspViolation>(value)
            .map(|v| vec![v])
            .map_err(malformed),
        _ => Err(ReportError::Malformed(
            "expected a JSON object or array on each line".to_owned(),
        )),
    }
}

/// The CSP violations among reports of every type (the others are not what learning reads).
fn csp_only(reports: Vec<super::Report>) -> Vec<CspViolation> {
    reports
        .into_iter()
        .filter_map(|report| match report.body {
            super::ReportData::CspViolation(violation) => Some(violation),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ReportFormat, parse_reports};

    #[test]
    fn every_field_survives_a_line() {
        let body = br#"[{"age":7,"body":{"blockedURL":"inline","columnNumber":9,"disposition":"report","documentURL":"https://a.example/\u2028x","effectiveDirective":"script-src-elem","lineNumber":14,"originalPolicy":"script-src 'self'; report-to csp","referrer":"https://r.example/","sample":"alert(1)","sourceFile":"https://a.example/","statusCode":200},"type":"csp-violation","url":"https://a.example/","user_agent":"Mozilla/5.0\r\n"}]"#;
        let violations = parse_reports(Some("application/reports+json"), body).unwrap();
        let text: String = violations.iter().map(|v| v.to_json_line() + "\n").collect();
        assert_eq!(text.lines().count(), 1, "{text}");
        let back = read_json_lines(&text).unwrap();
        assert_eq!(back, violations);
        assert_eq!(back[0].format, ReportFormat::ReportingApi);
    }

    #[test]
    fn bad_lines_are_refused_with_their_number() {
        for (text, line) in [
            ("\n\n[1]", 3),
            ("{}", 1),
            ("\"x\"", 1),
            ("{\"effective_directive\":\"img-src\"}", 1),
            ("[]\n{\"type\":\"csp-violation\"}", 2),
            (
                "{\"document_uri\":\"a\",\"effective_directive\":\"b\",\"format\":\"x\"}",
                1,
            ),
        ] {
            let error = read_json_lines(text).unwrap_err();
            assert_eq!(error.line(), line, "{text:?}: {error}");
            assert!(matches!(error.error(), ReportError::Malformed(_)));
        }
        assert_eq!(read_json_lines(" \n\n").unwrap(), []);
    }
}

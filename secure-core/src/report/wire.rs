//! The JSON shapes browsers send, read with serde and turned into [`CspViolation`]s.

use super::{CspViolation, Disposition, ReportError, ReportFormat};
use serde::Deserialize;

/// `{"csp-report": {...}}`, field names in kebab-case.
#[derive(Deserialize)]
struct CspReportBody {
    #[serde(rename = "csp-report")]
    report: CspReport,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct CspReport {
    #[serde(default)]
    document_uri: String,
    effective_directive: Option<String>,
    /// Older browsers send only this, sometimes with the sources after the name.
    violated_directive: Option<String>,
    blocked_uri: Option<String>,
    original_policy: Option<String>,
    disposition: Option<Disposition>,
    referrer: Option<String>,
    source_file: Option<String>,
    line_number: Option<u64>,
    column_number: Option<u64>,
    status_code: Option<u16>,
    script_sample: Option<String>,
}

/// One entry of an `application/reports+json` array.
#[derive(Deserialize)]
struct Report {
    #[serde(rename = "type")]
    kind: String,
    age: Option<u64>,
    url: Option<String>,
    user_agent: Option<String>,
    body: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CspViolationBody {
    #[serde(rename = "documentURL")]
    document_url: Option<String>,
    effective_directive: String,
    #[serde(rename = "blockedURL")]
    blocked_url: Option<String>,
    original_policy: Option<String>,
    disposition: Option<Disposition>,
    referrer: Option<String>,
    source_file: Option<String>,
    line_number: Option<u64>,
    column_number: Option<u64>,
    status_code: Option<u16>,
    sample: Option<String>,
}

fn malformed(error: serde_json::Error) -> ReportError {
    ReportError::Malformed(error.to_string())
}

pub(super) fn csp_report(body: &[u8]) -> Result<CspViolation, ReportError> {
    let CspReportBody { report } = serde_json::from_slice(body).map_err(malformed)?;
    let effective_directive = report
        .effective_directive
        .or_else(|| {
            let violated = report.violated_directive?;
            violated.split_whitespace().next().map(str::to_owned)
        })
        .ok_or_else(|| {
            ReportError::Malformed("missing effective-directive and violated-directive".into())
        })?;
    Ok(CspViolation {
        document_uri: report.document_uri,
        effective_directive,
        blocked_uri: report.blocked_uri,
        original_policy: report.original_policy,
        disposition: report.disposition,
        referrer: report.referrer,
        source_file: report.source_file,
        line_number: report.line_number,
        column_number: report.column_number,
        status_code: report.status_code,
        sample: report.script_sample,
        user_agent: None,
        age: None,
        format: ReportFormat::CspReport,
    })
}

pub(super) fn reporting_api(body: &[u8]) -> Result<Vec<CspViolation>, ReportError> {
    let reports: Vec<Report> = serde_json::from_slice(body).map_err(malformed)?;
    let mut violations = Vec::new();
    for report in reports {
        if report.kind != "csp-violation" {
            continue;
        }
        let body = report
            .body
            .ok_or_else(|| ReportError::Malformed("csp-violation report without body".into()))?;
        let body: CspViolationBody = serde_json::from_value(body).map_err(malformed)?;
        violations.push(CspViolation {
            document_uri: body.document_url.or(report.url).unwrap_or_default(),
            effective_directive: body.effective_directive,
            blocked_uri: body.blocked_url,
            original_policy: body.original_policy,
            disposition: body.disposition,
            referrer: body.referrer,
            source_file: body.source_file,
            line_number: body.line_number,
            column_number: body.column_number,
            status_code: body.status_code,
            sample: body.sample,
            user_agent: report.user_agent,
            age: report.age,
            format: ReportFormat::ReportingApi,
        });
    }
    Ok(violations)
}

#[cfg(test)]
mod tests {
    use super::super::{ReportError, ReportFormat, parse_reports};

    const CHROME_CSP_REPORT: &str = r#"{"csp-report":{"document-uri":"http://127.0.0.1:3000/","referrer":"","violated-directive":"script-src-elem","effective-directive":"script-src-elem","original-policy":"default-src 'none'; script-src 'nonce-abc' 'strict-dynamic'","disposition":"enforce","blocked-uri":"inline","line-number":14,"column-number":9,"source-file":"http://127.0.0.1:3000/","status-code":200,"script-sample":""}}"#;

    const REPORTING_API_BATCH: &str = r#"[{"age":2,"body":{"blockedURL":"inline","columnNumber":9,"disposition":"enforce","documentURL":"http://127.0.0.1:3000/","effectiveDirective":"script-src-elem","lineNumber":14,"originalPolicy":"script-src 'self'","referrer":"","sample":"","sourceFile":"http://127.0.0.1:3000/","statusCode":200},"type":"csp-violation","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"},{"age":1,"body":{"id":"X","message":"m"},"type":"deprecation","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"}]"#;

    #[test]
    fn reads_a_csp_report() {
        let v =
            parse_reports(Some("application/csp-report"), CHROME_CSP_REPORT.as_bytes()).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].document_uri, "http://127.0.0.1:3000/");
        assert_eq!(v[0].line_number, Some(14));
        assert_eq!(v[0].format, ReportFormat::CspReport);
        assert_eq!(
            v[0].to_string(),
            "script-src-elem blocked inline on http://127.0.0.1:3000/ (http://127.0.0.1:3000/:14:9)"
        );
    }

    #[test]
    fn reads_a_reporting_api_batch_and_skips_other_types() {
        let v = parse_reports(
            Some("application/reports+json; charset=utf-8"),
            REPORTING_API_BATCH.as_bytes(),
        )
        .unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].effective_directive, "script-src-elem");
        assert_eq!(v[0].user_agent.as_deref(), Some("Mozilla/5.0"));
        assert_eq!(v[0].age, Some(2));
        assert_eq!(v[0].format, ReportFormat::ReportingApi);
    }

    #[test]
    fn old_reports_with_only_violated_directive() {
        let body = br#"{"csp-report":{"document-uri":"https://a.example/","violated-directive":"img-src 'self'"}}"#;
        let v = parse_reports(Some("application/csp-report"), body).unwrap();
        assert_eq!(v[0].effective_directive, "img-src");
    }

    #[test]
    fn refuses_bad_bodies_with_a_reason() {
        assert_eq!(
            parse_reports(Some("text/plain"), b"{}"),
            Err(ReportError::UnsupportedContentType)
        );
        assert_eq!(
            parse_reports(None, CHROME_CSP_REPORT.as_bytes()),
            Err(ReportError::UnsupportedContentType)
        );
        for (content_type, body) in [
            ("application/csp-report", &b"not json"[..]),
            ("application/csp-report", b"{}"),
            ("application/csp-report", br#"{"csp-report":{}}"#),
            (
                "application/csp-report",
                br#"{"csp-report":{"line-number":"x","effective-directive":"a"}}"#,
            ),
            ("application/reports+json", br#"{"type":"csp-violation"}"#),
            ("application/reports+json", br#"[{"type":"csp-violation"}]"#),
            (
                "application/reports+json",
                br#"[{"type":"csp-violation","body":{}}]"#,
            ),
            ("application/reports+json", b"[1,2]"),
            ("application/reports+json", b"\xff\xfe"),
        ] {
            assert!(
                matches!(
                    parse_reports(Some(content_type), body),
                    Err(ReportError::Malformed(_))
                ),
                "{content_type} {:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn display_escapes_what_was_received_and_the_fields_keep_it() {
        let body = br#"{"csp-report":{"document-uri":"https://a.example/\nWARN forged","effective-directive":"img-src\u202e","blocked-uri":"\u001b[31m\\","source-file":"app.js\r","line-number":1,"column-number":2}}"#;
        let v = parse_reports(Some("application/csp-report"), body).unwrap();
        assert_eq!(v[0].document_uri, "https://a.example/\nWARN forged");
        assert_eq!(v[0].blocked_uri.as_deref(), Some("\u{1b}[31m\\"));
        assert_eq!(
            v[0].to_string(),
            r"img-src\u{202e} blocked \u{1b}[31m\\ on https://a.example/\nWARN forged (app.js\r:1:2)"
        );
        let error = parse_reports(
            Some("application/csp-report"),
            br#"{"csp-report":{"effective-directive":"a","disposition":"\nforged"}}"#,
        )
        .unwrap_err();
        let ReportError::Malformed(reason) = &error else {
            panic!("{error:?}")
        };
        assert!(reason.contains("\nforged"), "kept as serde wrote it");
        assert_eq!(
            error.to_string(),
            r"malformed report: unknown variant `\nforged`, expected `enforce` or `report` at line 1 column 65"
        );
    }
}

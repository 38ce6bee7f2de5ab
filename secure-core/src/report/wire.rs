//! The JSON shapes browsers send, read with serde and turned into [`Report`]s.

use super::{CspViolation, Disposition, Report, ReportData, ReportError, ReportFormat};
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
struct ReportEntry {
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

/// The reports of an `application/reports+json` array, every type: those this crate knows
/// typed, the others as received. A `csp-violation` whose body does not read as one makes the
/// whole body malformed; a report of another known type whose body does not read as that
/// type is kept as received ([`ReportData::Other`]), so that nothing is dropped.
pub(super) fn reporting_api(body: &[u8]) -> Result<Vec<Report>, ReportError> {
    let reports: Vec<ReportEntry> = serde_json::from_slice(body).map_err(malformed)?;
    reports.into_iter().map(typed).collect()
}

fn typed(report: ReportEntry) -> Result<Report, ReportError> {
    /// The body read as `T`, or `None` when there is none or it is not one.
    fn read<T: serde::de::DeserializeOwned>(body: &Option<serde_json::Value>) -> Option<T> {
        T::deserialize(body.as_ref()?).ok()
    }
    let body = report.body;
    let data = match report.kind.as_str() {
        "csp-violation" => {
            let body = body.as_ref().ok_or_else(|| {
                ReportError::Malformed("csp-violation report without body".into())
            })?;
            let body = CspViolationBody::deserialize(body).map_err(malformed)?;
            Some(ReportData::CspViolation(CspViolation {
                document_uri: body
                    .document_url
                    .or_else(|| report.url.clone())
                    .unwrap_or_default(),
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
                user_agent: report.user_agent.clone(),
                age: report.age,
                format: ReportFormat::ReportingApi,
            }))
        }
        "integrity-violation" => read(&body).map(ReportData::IntegrityViolation),
        "coep" => read(&body).map(ReportData::Coep),
        "coop" => read(&body).map(ReportData::Coop),
        "permissions-policy-violation" => read(&body).map(ReportData::PermissionsPolicyViolation),
        "deprecation" => read(&body).map(ReportData::Deprecation),
        "intervention" => read(&body).map(ReportData::Intervention),
        "crash" => read(&body).map(ReportData::Crash),
        _ => None,
    };
    let data = data.unwrap_or_else(|| ReportData::Other {
        report_type: report.kind,
        body: body.unwrap_or(serde_json::Value::Null),
    });
    Ok(Report {
        url: report.url.unwrap_or_default(),
        user_agent: report.user_agent,
        age: report.age,
        body: data,
    })
}

#[cfg(test)]
pub(super) mod tests {
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

    /// A batch as Chromium posts it to one endpoint named by several headers: one report of
    /// each type, and a type this crate does not know.
    pub(crate) const CHROMIUM_MIXED_BATCH: &str = r#"[
{"age":10,"body":{"blockedURL":"http://127.0.0.1:3000/static/app.js","destination":"script","documentURL":"http://127.0.0.1:3000/","reportOnly":false},"type":"integrity-violation","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36"},
{"age":11,"body":{"blockedURL":"https://other.example/pixel.png","destination":"image","disposition":"enforce","type":"corp"},"type":"coep","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"},
{"age":12,"body":{"disposition":"enforce","effectivePolicy":"same-origin","previousResponseURL":"","referrer":"","type":"navigation-to-response"},"type":"coop","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"},
{"age":13,"body":{"columnNumber":15,"disposition":"enforce","featureId":"geolocation","lineNumber":3,"message":"Permissions policy violation: geolocation is not allowed in this document.","sourceFile":"http://127.0.0.1:3000/static/map.js"},"type":"permissions-policy-violation","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"},
{"age":14,"body":{"anticipatedRemoval":null,"columnNumber":8,"id":"UnloadHandler","lineNumber":21,"message":"Unload event listeners are deprecated and will be removed.","sourceFile":"http://127.0.0.1:3000/static/app.js"},"type":"deprecation","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"},
{"age":15,"body":{"columnNumber":null,"id":"HeavyAdIntervention","lineNumber":null,"message":"Ad was removed because its network usage exceeded the limit.","sourceFile":null},"type":"intervention","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"},
{"age":16,"body":{"is_top_level":true,"reason":"oom","visibility_state":"visible"},"type":"crash","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"},
{"age":17,"body":{"blockedURL":"inline","disposition":"enforce","documentURL":"http://127.0.0.1:3000/","effectiveDirective":"script-src-elem","originalPolicy":"script-src 'self'","referrer":"","sample":"","statusCode":200},"type":"csp-violation","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"},
{"age":18,"body":{"sourceFile":"http://127.0.0.1:3000/","lineNumber":1},"type":"document-policy-violation","url":"http://127.0.0.1:3000/","user_agent":"Mozilla/5.0"}
]"#;

    #[test]
    fn reads_every_report_type_of_a_chromium_batch() {
        use super::super::{ReportData, parse_all_reports};
        let reports = parse_all_reports(
            Some("application/reports+json"),
            CHROMIUM_MIXED_BATCH.as_bytes(),
        )
        .unwrap();
        let types: Vec<&str> = reports.iter().map(|r| r.body.report_type()).collect();
        assert_eq!(
            types,
            [
                "integrity-violation",
                "coep",
                "coop",
                "permissions-policy-violation",
                "deprecation",
                "intervention",
                "crash",
                "csp-violation",
                "document-policy-violation"
            ]
        );
        assert!(reports.iter().all(|r| r.url == "http://127.0.0.1:3000/"));
        assert_eq!(reports[0].age, Some(10));
        assert!(
            reports[0]
                .user_agent
                .as_deref()
                .unwrap()
                .contains("HeadlessChrome")
        );
        let ReportData::IntegrityViolation(integrity) = &reports[0].body else {
            panic!("{:?}", reports[0])
        };
        assert_eq!(integrity.blocked_url, "http://127.0.0.1:3000/static/app.js");
        assert_eq!(integrity.destination, "script");
        assert!(!integrity.report_only);
        let ReportData::Coep(coep) = &reports[1].body else {
            panic!("{:?}", reports[1])
        };
        assert_eq!(
            (coep.kind.as_str(), coep.destination.as_deref()),
            ("corp", Some("image"))
        );
        let ReportData::Coop(coop) = &reports[2].body else {
            panic!("{:?}", reports[2])
        };
        assert_eq!(coop.effective_policy.as_deref(), Some("same-origin"));
        assert_eq!(coop.kind, "navigation-to-response");
        let ReportData::PermissionsPolicyViolation(permissions) = &reports[3].body else {
            panic!("{:?}", reports[3])
        };
        assert_eq!(
            (permissions.feature_id.as_str(), permissions.line_number),
            ("geolocation", Some(3))
        );
        let ReportData::Deprecation(deprecation) = &reports[4].body else {
            panic!("{:?}", reports[4])
        };
        assert_eq!(deprecation.id, "UnloadHandler");
        let ReportData::Intervention(intervention) = &reports[5].body else {
            panic!("{:?}", reports[5])
        };
        assert_eq!(
            (
                intervention.id.as_str(),
                intervention.source_file.as_deref()
            ),
            ("HeavyAdIntervention", None)
        );
        let ReportData::Crash(crash) = &reports[6].body else {
            panic!("{:?}", reports[6])
        };
        assert_eq!(
            (crash.reason.as_deref(), crash.is_top_level),
            (Some("oom"), Some(true))
        );
        let ReportData::CspViolation(csp) = &reports[7].body else {
            panic!("{:?}", reports[7])
        };
        assert_eq!(csp.effective_directive, "script-src-elem");
        let ReportData::Other { report_type, body } = &reports[8].body else {
            panic!("{:?}", reports[8])
        };
        assert_eq!(report_type, "document-policy-violation");
        assert_eq!(body["lineNumber"], 1);

        let lines: Vec<String> = reports.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "integrity-violation: script http://127.0.0.1:3000/static/app.js without integrity metadata blocked on http://127.0.0.1:3000/",
                "coep: corp https://other.example/pixel.png (enforce) refused on http://127.0.0.1:3000/",
                "coop: navigation-to-response under same-origin (enforce) on http://127.0.0.1:3000/",
                "permissions-policy-violation: geolocation (enforce) on http://127.0.0.1:3000/ (http://127.0.0.1:3000/static/map.js:3:15)",
                "deprecation: UnloadHandler on http://127.0.0.1:3000/ (http://127.0.0.1:3000/static/app.js:21:8)",
                "intervention: HeavyAdIntervention on http://127.0.0.1:3000/",
                "crash: oom on http://127.0.0.1:3000/",
                "csp-violation: script-src-elem blocked inline on http://127.0.0.1:3000/",
                "document-policy-violation: report on http://127.0.0.1:3000/",
            ]
        );
        // The CSP-only reader of the same batch sees the one CSP violation.
        let csp_only = parse_reports(
            Some("application/reports+json"),
            CHROMIUM_MIXED_BATCH.as_bytes(),
        )
        .unwrap();
        assert_eq!(csp_only.len(), 1);
    }

    /// A known type whose body is not that type's, or has none, is kept as received.
    #[test]
    fn a_known_type_with_a_body_of_another_shape_is_kept_raw() {
        use super::super::{ReportData, parse_all_reports};
        let body = br#"[{"type":"integrity-violation","body":{"reportOnly":"yes"}},{"type":"crash"},{"type":"deprecation","body":[1]}]"#;
        let reports = parse_all_reports(Some("application/reports+json"), body).unwrap();
        assert_eq!(reports.len(), 3);
        for (report, expected) in
            reports
                .iter()
                .zip(["integrity-violation", "crash", "deprecation"])
        {
            let ReportData::Other { report_type, .. } = &report.body else {
                panic!("{report:?}")
            };
            assert_eq!(report_type, expected);
        }
        let ReportData::Other { body, .. } = &reports[0].body else {
            unreachable!()
        };
        assert_eq!(body["reportOnly"], "yes");
        let ReportData::Other { body, .. } = &reports[1].body else {
            unreachable!()
        };
        assert!(body.is_null());
    }

    #[test]
    fn other_reports_display_escaped_and_keep_what_was_received() {
        use super::super::{ReportData, parse_all_reports};
        let body = br#"[{"type":"integrity-violation","url":"https://a.example/\nWARN forged","body":{"documentURL":"https://a.example/\u202e","blockedURL":"\u001b[31mx.js","destination":"script","reportOnly":true}},{"type":"x\r\ny","url":"u"}]"#;
        let reports = parse_all_reports(Some("application/reports+json"), body).unwrap();
        let ReportData::IntegrityViolation(v) = &reports[0].body else {
            panic!()
        };
        assert_eq!(v.blocked_url, "\u{1b}[31mx.js");
        assert_eq!(reports[0].url, "https://a.example/\nWARN forged");
        assert_eq!(
            reports[0].to_string(),
            r"integrity-violation: script \u{1b}[31mx.js without integrity metadata reported on https://a.example/\u{202e}"
        );
        assert_eq!(reports[1].to_string(), r"x\r\ny: report on u");
    }
}

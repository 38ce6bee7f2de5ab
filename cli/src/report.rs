//! The subcommands, each a function from its input to its output text, so that what is
//! printed is decided in one place and stays stable for scripts.

use crate::{Kind, Outcome};
use secure_core::csp::lint::Finding;
use secure_core::csp::{AnalysisFinding, ContentSecurityPolicy, PolicyList, analyze};
use secure_core::headers::{
    ContentTypeOptions, CrossOriginEmbedderPolicy, CrossOriginOpenerPolicy,
    CrossOriginResourcePolicy, FrameOptions, ReferrerPolicy, ReportOnly, Reported,
};
use secure_core::report::{Escaped, ViolationAggregate, learn, read_json_lines};
use secure_core::{SecurityHeaders, hsts, permissions};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// A CSP lint finding as one line: `deny unsafe_inline (high): <message>`.
fn lint_line(finding: &Finding) -> String {
    let level = if finding.lint().denied_by_default() {
        "deny"
    } else {
        "warn"
    };
    format!(
        "{level} {} ({}): {}",
        finding.lint().name(),
        finding.severity(),
        finding
    )
}

fn lint_json(finding: &Finding) -> Value {
    json!({
        "lint": finding.lint().name(),
        "severity": finding.severity().to_string(),
        "denied": finding.lint().denied_by_default(),
        "directive": finding.directive().map(|d| d.as_str()),
        "value": finding.value(),
        "message": finding.to_string(),
    })
}

/// A header's reading: its text lines, its JSON, and whether it fails the check.
struct Checked {
    lines: Vec<String>,
    json: Value,
    failed: bool,
}

/// The policies of a CSP header, and the findings of the text: a header the strict parser
/// accepts (your own, with the `'nonce'` placeholder) as it reads it, with no finding; any
/// other as a browser reads it.
fn read_csp(header: &str) -> (Vec<ContentSecurityPolicy>, Vec<AnalysisFinding>) {
    if let Ok(list) = header.parse::<PolicyList>() {
        return (list.policies().to_vec(), Vec::new());
    }
    let analysis = analyze(header);
    let policies = analysis
        .policies()
        .iter()
        .map(|p| p.policy().clone())
        .collect();
    (policies, analysis.findings().to_vec())
}

fn check_csp(header: &str) -> Checked {
    let (policies_read, analysis_findings) = read_csp(header);
    let mut lines = Vec::new();
    let mut failed = false;
    let mut findings = Vec::new();
    for finding in &analysis_findings {
        failed = true;
        lines.push(format!("error: {finding}"));
        findings.push(json!({
            "start": finding.span().start,
            "end": finding.span().end,
            "text": header.get(finding.span()).unwrap_or(""),
            "message": finding.to_string(),
        }));
    }
    let mut policies = Vec::new();
    for (i, policy) in policies_read.iter().enumerate() {
        lines.push(format!("policy {}: {}", i + 1, policy));
        let lints = policy.lint();
        for finding in &lints {
            failed |= finding.lint().denied_by_default();
            lines.push(format!("  {}", lint_line(finding)));
        }
        policies.push(json!({
            "policy": policy.as_str(),
            "lints": lints.iter().map(lint_json).collect::<Vec<_>>(),
        }));
    }
    if policies_read.is_empty() {
        lines.push("no policy: browsers enforce nothing".to_owned());
        failed = true;
    }
    Checked {
        lines,
        json: json!({
            "kind": "content-security-policy",
            "header": header,
            "findings": findings,
            "policies": policies,
        }),
        failed,
    }
}

fn check_hsts(header: &str) -> Checked {
    let analysis = hsts::analyze(header);
    let findings = analysis
        .findings()
        .iter()
        .map(|f| (f.span(), f.to_string()));
    let policy = analysis.policy().map(|p| p.to_string());
    check_analyzed("strict-transport-security", header, findings, policy)
}

fn check_permissions(header: &str) -> Checked {
    let analysis = permissions::analyze(header);
    let findings = analysis
        .findings()
        .iter()
        .map(|f| (f.span(), f.to_string()));
    let policy = analysis.policy().map(|p| p.as_str().to_owned());
    check_analyzed("permissions-policy", header, findings, policy)
}

/// The report on a header read as browsers read it, for the headers whose analysis is a list
/// of findings (each a byte span and a message) and the policy a browser keeps, if any.
fn check_analyzed(
    kind: &str,
    header: &str,
    analyzed: impl Iterator<Item = (std::ops::Range<usize>, String)>,
    policy: Option<String>,
) -> Checked {
    let mut lines = Vec::new();
    let mut findings = Vec::new();
    for (span, message) in analyzed {
        lines.push(format!(
            "error: {message} (at bytes {}..{})",
            span.start, span.end
        ));
        findings.push(json!({
            "start": span.start,
            "end": span.end,
            "text": header.get(span).unwrap_or(""),
            "message": message,
        }));
    }
    match &policy {
        Some(policy) => lines.push(format!("policy: {policy}")),
        None => lines.push("no policy: browsers ignore the header".to_owned()),
    }
    Checked {
        failed: !findings.is_empty() || policy.is_none(),
        json: json!({
            "kind": kind,
            "header": header,
            "findings": findings,
            "policy": policy,
        }),
        lines,
    }
}

fn checked(header: &str, kind: Kind) -> Checked {
    match kind {
        Kind::Csp => check_csp(header),
        Kind::Hsts => check_hsts(header),
        Kind::Permissions => check_permissions(header),
    }
}

/// `secure-http check`.
pub fn check(header: &str, kind: Kind, as_json: bool) -> Outcome {
    let checked = checked(header, kind);
    let output = if as_json {
        let mut json = checked.json;
        json["ok"] = Value::Bool(!checked.failed);
        format!(
            "{}\n",
            serde_json::to_string_pretty(&json).expect("plain data")
        )
    } else {
        let mut output = checked.lines.join("\n");
        output.push('\n');
        output.push_str(if checked.failed {
            "result: fail\n"
        } else {
            "result: ok\n"
        });
        output
    };
    Outcome {
        output,
        failed: checked.failed,
    }
}

/// Lines of `// ` comments.
fn comment(lines: &[String]) -> String {
    lines.iter().map(|l| format!("// {l}\n")).collect()
}

/// `secure-http import`.
pub fn import(header: &str, kind: Kind) -> Outcome {
    let mut output = String::new();
    let mut failed = false;
    match kind {
        Kind::Csp => {
            let (policies, findings) = read_csp(header);
            let notes: Vec<String> = findings.iter().map(|f| format!("finding: {f}")).collect();
            output.push_str(&comment(&notes));
            for policy in &policies {
                let literal_nonce = policy
                    .directives()
                    .iter()
                    .flat_map(|d| d.values())
                    .any(|v| matches!(v.kind(), secure_core::csp::ValueKind::LiteralNonce(_)));
                if literal_nonce {
                    output.push_str(
                        "// the literal nonce is `nonce`: give each response's scripts and styles its fresh nonce\n",
                    );
                }
                match policy.to_csp_macro() {
                    Ok(text) => {
                        output.push_str(&text);
                        output.push('\n');
                    }
                    Err(error) => {
                        failed = true;
                        output.push_str(&format!(
                            "// cannot be written in csp!: {}\n// policy: {}\n",
                            error.kind().message(secure_core::csp::Syntax::Header),
                            policy
                        ));
                    }
                }
            }
            if policies.is_empty() {
                failed = true;
                output.push_str("// no policy: browsers enforce nothing\n");
            }
        }
        Kind::Hsts => {
            let analysis = hsts::analyze(header);
            let notes: Vec<String> = analysis
                .findings()
                .iter()
                .map(|f| format!("{f} (at bytes {}..{})", f.span().start, f.span().end))
                .collect();
            output.push_str(&comment(&notes));
            match analysis.policy() {
                Some(policy) => {
                    let refused = hsts::problems(
                        policy.max_age(),
                        policy.include_subdomains(),
                        policy.preload(),
                    )
                    .next()
                    .is_some();
                    if !refused {
                        output.push_str(&policy.to_hsts_macro());
                    } else {
                        // The preload list ignores this `preload`: write what browsers do.
                        let without = secure_core::StrictTransportSecurity::new(
                            policy.max_age(),
                            policy.include_subdomains(),
                            false,
                        )
                        .expect("without preload every max-age is allowed");
                        output.push_str("// preload left out: the preload list would refuse it\n");
                        output.push_str(&without.to_hsts_macro());
                    }
                    output.push('\n');
                }
                None => {
                    failed = true;
                    output.push_str("// no policy: browsers ignore the header\n");
                }
            }
        }
        Kind::Permissions => {
            let analysis = permissions::analyze(header);
            let notes: Vec<String> = analysis
                .findings()
                .iter()
                .map(|f| format!("{f} (at bytes {}..{})", f.span().start, f.span().end))
                .collect();
            output.push_str(&comment(&notes));
            match analysis.policy() {
                Some(policy) => {
                    output.push_str(&policy.to_permissions_policy_macro());
                    output.push('\n');
                }
                None => {
                    failed = true;
                    output.push_str("// no policy: browsers ignore the header\n");
                }
            }
        }
    }
    Outcome { output, failed }
}

/// `secure-http suggest`: fails to read (exit 2) on a bad report line or a policy browsers
/// would not enforce.
pub fn suggest(reports: &str, policy_header: &str) -> Result<Outcome, String> {
    let violations = read_json_lines(reports).map_err(|e| format!("reports: {e}"))?;
    let analysis = analyze(policy_header);
    let Some(analyzed) = analysis.policies().first() else {
        return Err("--policy: no policy browsers would enforce".to_owned());
    };
    let policy: &ContentSecurityPolicy = analyzed.policy();
    let aggregate = ViolationAggregate::default();
    for violation in &violations {
        aggregate.record(violation);
    }
    let snapshot = aggregate.snapshot();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "read {} violation(s) in {} group(s)",
        violations.len(),
        snapshot.groups.len()
    );
    if snapshot.dropped + snapshot.oversized > 0 {
        let _ = writeln!(
            out,
            "not grouped: {} (table full), {} (fields too long)",
            snapshot.dropped, snapshot.oversized
        );
    }
    if analysis.policies().len() > 1 {
        let _ = writeln!(
            out,
            "note: the header holds several policies; the first is used"
        );
    }
    for group in &snapshot.groups {
        let _ = writeln!(
            out,
            "  {} violation(s): {} blocked {}{}",
            group.count,
            Escaped(&group.directive),
            group.blocked,
            group
                .source_file
                .as_deref()
                .map(|f| format!(" in {}", Escaped(f)))
                .unwrap_or_default()
        );
    }
    let result = learn::suggest(policy, &snapshot.groups);
    for (i, suggestion) in result.suggestions().iter().enumerate() {
        let added: Vec<String> = suggestion.added().iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "change {}: {} += {} (allows {} violation(s))",
            i + 1,
            suggestion.directive(),
            added.join(" "),
            suggestion.violations()
        );
        let _ = writeln!(out, "  header: {}", suggestion.policy());
        if suggestion.findings().is_empty() {
            let _ = writeln!(out, "  lints: none");
        }
        for finding in suggestion.findings() {
            let _ = writeln!(out, "  lint: {}", lint_line(finding));
        }
    }
    for note in result.notes() {
        let _ = writeln!(out, "not allowed: {note}");
    }
    if result.suggestions().is_empty() {
        let _ = writeln!(out, "no change: the policy allows nothing more");
        return Ok(Outcome {
            output: out,
            failed: false,
        });
    }
    let _ = writeln!(out, "suggested header: {}", result.policy());
    for finding in result.findings() {
        let _ = writeln!(out, "  lint: {}", lint_line(finding));
    }
    match result.csp_macro() {
        Ok(text) => {
            let _ = writeln!(out, "suggested csp!:\n{text}");
        }
        Err(error) => {
            let _ = writeln!(out, "no csp! form: {error}");
        }
    }
    Ok(Outcome {
        output: out,
        failed: false,
    })
}

/// The headers `headers` looks at, in the order printed.
const SECURITY_HEADERS: &[&str] = &[
    "content-security-policy",
    "content-security-policy-report-only",
    "strict-transport-security",
    "permissions-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "cross-origin-resource-policy",
    "cross-origin-embedder-policy",
    "cross-origin-opener-policy-report-only",
    "cross-origin-embedder-policy-report-only",
];

/// A header with one value from a closed list (and COOP/COEP's `report-to`), read as browsers
/// read it: `policy: …` as understood, or `error: …` when browsers would ignore it. `None`
/// for the headers read by [`checked`] instead.
fn closed_value(name: &str, value: &str) -> Option<Result<String, String>> {
    fn read<T: std::str::FromStr<Err = E> + std::fmt::Display, E: std::fmt::Display>(
        value: &str,
    ) -> Result<String, String> {
        value
            .parse::<T>()
            .map(|v| v.to_string())
            .map_err(|e| e.to_string())
    }
    Some(match name {
        "x-content-type-options" => read::<ContentTypeOptions, _>(value),
        "x-frame-options" => read::<FrameOptions, _>(value),
        "referrer-policy" => read::<ReferrerPolicy, _>(value),
        "cross-origin-resource-policy" => read::<CrossOriginResourcePolicy, _>(value),
        "cross-origin-opener-policy" => read::<Reported<CrossOriginOpenerPolicy>, _>(value),
        "cross-origin-embedder-policy" => read::<Reported<CrossOriginEmbedderPolicy>, _>(value),
        "cross-origin-opener-policy-report-only" => {
            read::<ReportOnly<CrossOriginOpenerPolicy>, _>(value)
        }
        "cross-origin-embedder-policy-report-only" => {
            read::<ReportOnly<CrossOriginEmbedderPolicy>, _>(value)
        }
        _ => return None,
    })
}

/// `secure-http headers`: fetches `url` and reports on its security headers; an error when it
/// cannot be fetched.
///
/// `https://` URLs are verified against Mozilla's roots, or only against the certificates of
/// `ca_cert` (a PEM file) when given: an internal CA, or a test's own.
pub fn headers(url: &str, ca_cert: Option<&std::path::Path>) -> Result<Outcome, String> {
    if !url.starts_with("http://") && !url.starts_with("https://") {
        return Err(format!(
            "only http:// and https:// URLs can be fetched: {}",
            Escaped(url)
        ));
    }
    let mut tls = ureq::tls::TlsConfig::builder();
    if let Some(path) = ca_cert {
        let pem = std::fs::read(path)
            .map_err(|e| format!("cannot read {}: {e}", Escaped(&path.display().to_string())))?;
        let certificates: Vec<_> = ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(certificate)) => Some(certificate),
                _ => None,
            })
            .collect();
        if certificates.is_empty() {
            return Err(format!(
                "no certificate in {}",
                Escaped(&path.display().to_string())
            ));
        }
        tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(&certificates));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls.build())
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(std::time::Duration::from_secs(20)))
        .build()
        .into();
    let response = agent
        .get(url)
        .call()
        .map_err(|e| format!("cannot fetch {}: {e}", Escaped(url)))?;
    let received = response.headers();
    let mut defaults = http::HeaderMap::new();
    SecurityHeaders::new().apply(&mut defaults);
    let mut out = String::new();
    let mut failed = false;
    let _ = writeln!(out, "status: {}", response.status().as_u16());
    for name in SECURITY_HEADERS {
        let values: Vec<String> = received
            .get_all(*name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        let _ = writeln!(out, "{name}:");
        if values.is_empty() {
            let _ = writeln!(out, "  absent");
        } else {
            // Browsers read several fields of one header as one list.
            let joined = values.join(", ");
            let _ = writeln!(out, "  sent: {}", Escaped(&joined));
            let kind = match *name {
                "content-security-policy" | "content-security-policy-report-only" => {
                    Some(Kind::Csp)
                }
                "strict-transport-security" => Some(Kind::Hsts),
                "permissions-policy" => Some(Kind::Permissions),
                _ => None,
            };
            if let Some(kind) = kind {
                let checked = checked(&joined, kind);
                failed |= checked.failed && *name != "content-security-policy-report-only";
                for line in checked.lines {
                    let _ = writeln!(out, "  {line}");
                }
            } else if let Some(read) = closed_value(name, &joined) {
                match read {
                    Ok(policy) => {
                        let _ = writeln!(out, "  policy: {policy}");
                    }
                    Err(error) => {
                        let _ = writeln!(out, "  error: {}", Escaped(&error));
                        failed |= !name.ends_with("-report-only");
                    }
                }
            }
        }
        match defaults.get(*name) {
            Some(value) => {
                let _ = writeln!(
                    out,
                    "  secure-http default: {}",
                    String::from_utf8_lossy(value.as_bytes())
                );
            }
            None => {
                let _ = writeln!(out, "  secure-http default: not sent");
            }
        }
    }
    Ok(Outcome {
        output: out,
        failed,
    })
}

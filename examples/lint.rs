//! Lints Content-Security-Policy headers: `cargo run --example lint -- "script-src 'self' 'unsafe-inline'"`,
//! or one policy per line on standard input. With `--json`, prints one JSON object per
//! policy (used by `tools/csp-evaluator-crosscheck`).
//!
//! A header the parser refuses is reported with the parser's error and then read as a
//! browser reads it (`csp::analyze`): what a browser ignores, and the lints of what it
//! enforces. The exit status is 1 when a header was refused.

use secure_http::ContentSecurityPolicy;
use secure_http::csp::lint::Finding;
use std::io::BufRead;

fn json_findings<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Vec<serde_json::Value> {
    findings
        .into_iter()
        .map(|f| {
            serde_json::json!({
                "lint": f.lint().name(),
                "severity": f.severity().to_string(),
                "directive": f.directive().map(|d| d.as_str()),
                "value": f.value(),
            })
        })
        .collect()
}

fn main() {
    let mut json = false;
    let mut policies: Vec<String> = Vec::new();
    for argument in std::env::args().skip(1) {
        match argument.as_str() {
            "--json" => json = true,
            _ => policies.push(argument),
        }
    }
    if policies.is_empty() {
        policies = std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .filter(|line| !line.trim().is_empty())
            .collect();
    }
    let mut failed = false;
    for text in &policies {
        match text.parse::<ContentSecurityPolicy>() {
            Ok(policy) if json => {
                let findings = json_findings(&policy.lint());
                println!(
                    "{}",
                    serde_json::json!({ "policy": text, "findings": findings })
                );
            }
            Ok(policy) => {
                println!("{policy}");
                let findings = policy.lint();
                if findings.is_empty() {
                    println!("  no findings");
                }
                for finding in findings {
                    println!("  {}: {finding}", finding.severity());
                }
            }
            Err(error) => {
                failed = true;
                let analysis = secure_http::csp::analyze(text);
                let lints = analysis.policies().iter().flat_map(|p| p.lints());
                if json {
                    let ignored: Vec<String> =
                        analysis.findings().iter().map(|f| f.to_string()).collect();
                    println!(
                        "{}",
                        serde_json::json!({
                            "policy": text,
                            "error": error.to_string(),
                            "as_browsers_read_it": ignored,
                            "findings": json_findings(lints),
                        })
                    );
                    continue;
                }
                eprintln!("{text}\n  error: {error}");
                println!("{text}\n  as a browser reads it:");
                for finding in analysis.findings() {
                    println!("  {finding}");
                }
                for finding in lints {
                    println!("  {}: {finding}", finding.severity());
                }
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}

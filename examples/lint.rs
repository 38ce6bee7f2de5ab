//! Lints Content-Security-Policy headers: `cargo run --example lint -- "script-src 'self' 'unsafe-inline'"`,
//! or one policy per line on standard input. With `--json`, prints one JSON object per
//! policy (used by `tools/csp-evaluator-crosscheck`).

use secure_http::ContentSecurityPolicy;
use std::io::BufRead;

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
                let findings: Vec<serde_json::Value> = policy
                    .lint()
                    .iter()
                    .map(|f| {
                        serde_json::json!({
                            "lint": f.lint().name(),
                            "severity": f.severity().to_string(),
                            "directive": f.directive().map(|d| d.as_str()),
                            "value": f.value(),
                        })
                    })
                    .collect();
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
                eprintln!("{text}\n  error: {error}");
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}

use super::*;

fn lints(policy: &str) -> Vec<(Lint, Option<String>)> {
    let policy: ContentSecurityPolicy = policy.parse().unwrap();
    policy
        .lint()
        .into_iter()
        .map(|f| (f.lint(), f.value().map(str::to_owned)))
        .collect()
}

fn has(policy: &str, lint: Lint) -> bool {
    lints(policy).iter().any(|(l, _)| *l == lint)
}

/// A strict policy with nothing to report, the base the cases below weaken.
const STRICT: &str =
    "default-src 'none'; script-src 'nonce' 'strict-dynamic'; object-src 'none'; base-uri 'none'";

#[test]
fn a_strict_policy_has_no_findings() {
    assert_eq!(lints(STRICT), []);
}

#[test]
fn unsafe_inline_counts_only_without_nonce_or_hash() {
    assert!(has(
        "script-src 'unsafe-inline'; object-src 'none'",
        Lint::UnsafeInline
    ));
    assert!(
        has("default-src 'unsafe-inline'", Lint::UnsafeInline),
        "through default-src"
    );
    assert!(has(
        "script-src 'nonce'; script-src-attr 'unsafe-inline'",
        Lint::UnsafeInline
    ));
    assert!(!has(
        "script-src 'nonce' 'unsafe-inline'; object-src 'none'",
        Lint::UnsafeInline
    ));
    assert!(!has("style-src 'unsafe-inline'", Lint::UnsafeInline));
}

#[test]
fn permissive_sources_in_script_object_and_base_uri() {
    for policy in [
        "script-src *",
        "script-src https:",
        "script-src data:",
        "script-src http:",
        "object-src *",
        "default-src https:",
        "base-uri *",
        "script-src https://*",
    ] {
        assert!(has(policy, Lint::PermissiveSource), "{policy}");
    }
    assert!(!has("img-src *", Lint::PermissiveSource));
    assert!(
        !has(
            "script-src 'nonce' 'strict-dynamic' https:",
            Lint::PermissiveSource
        ),
        "'strict-dynamic' makes browsers ignore https:"
    );
}

#[test]
fn bypass_hosts() {
    let policy = "script-src 'self' www.google-analytics.com ajax.googleapis.com";
    assert_eq!(
        lints(policy)
            .into_iter()
            .filter(|(l, _)| *l == Lint::BypassHost)
            .collect::<Vec<_>>(),
        [(Lint::BypassHost, Some("ajax.googleapis.com".to_owned()))]
    );
    assert!(
        has("script-src *.googleapis.com", Lint::BypassHost),
        "a wildcard covers listed hosts"
    );
    assert!(
        has(
            "script-src https://www.google-analytics.com 'unsafe-eval'",
            Lint::BypassHost
        ),
        "needs eval"
    );
    assert!(!has("script-src https://cdn.example.com", Lint::BypassHost));
}

#[test]
fn plain_http_sources_and_report_uris() {
    assert!(has(
        "script-src http://cdn.example.com",
        Lint::HttpScriptSource
    ));
    assert!(!has(
        "script-src https://cdn.example.com",
        Lint::HttpScriptSource
    ));
    assert!(has("img-src http://img.example.com", Lint::HttpSource));
    assert!(!has(
        "img-src http://img.example.com",
        Lint::HttpScriptSource
    ));
    assert!(has(
        "default-src 'none'; report-uri http://r.example.com/csp",
        Lint::HttpReportUri
    ));
    assert!(!has(
        "default-src 'none'; report-uri /csp-report",
        Lint::HttpReportUri
    ));
}

/// Browsers read a source's scheme without regard to case: `HTTP://` is plain HTTP too.
#[test]
fn plain_http_in_any_case() {
    for scheme in ["HTTP", "Http", "hTTp"] {
        let script = format!("script-src {scheme}://cdn.example.com");
        assert!(has(&script, Lint::HttpScriptSource), "{script}");
        let image = format!("img-src {scheme}://img.example.com");
        assert!(has(&image, Lint::HttpSource), "{image}");
        let report = format!("default-src 'none'; report-uri {scheme}://r.example.com/csp");
        assert!(has(&report, Lint::HttpReportUri), "{report}");
    }
    assert!(!has(
        "script-src HTTPS://cdn.example.com",
        Lint::HttpScriptSource
    ));
}

/// A host with a trailing dot is the same host to DNS, and a page can load scripts from it.
#[test]
fn bypass_hosts_with_a_trailing_dot_or_in_uppercase() {
    for policy in [
        "script-src ajax.googleapis.com.",
        "script-src https://ajax.googleapis.com.:443",
        "script-src HTTPS://AJAX.GOOGLEAPIS.COM",
    ] {
        assert!(has(policy, Lint::BypassHost), "{policy}");
    }
}

#[test]
fn eval_and_hashes() {
    assert!(has("script-src 'unsafe-eval'", Lint::UnsafeEval));
    // Where browsers accept it but give it no meaning, it is reported as ignored instead.
    for policy in [
        "script-src-elem 'self' 'unsafe-eval'",
        "script-src-attr 'unsafe-eval'",
    ] {
        assert!(has(policy, Lint::IgnoredKeyword), "{policy}");
        assert!(!has(policy, Lint::UnsafeEval), "{policy}");
    }
    assert!(!has("script-src 'unsafe-eval'", Lint::IgnoredKeyword));
    assert!(has(
        "script-src 'unsafe-hashes' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='",
        Lint::UnsafeHashes
    ));
    assert!(!has(STRICT, Lint::UnsafeEval));
}

#[test]
fn missing_directives() {
    assert!(has("script-src 'none'", Lint::MissingObjectSrc));
    assert!(
        has("default-src 'self'", Lint::MissingObjectSrc),
        "only 'none' restricts plugins enough"
    );
    assert!(!has("default-src 'none'", Lint::MissingObjectSrc));
    assert!(has("img-src 'self'", Lint::MissingScriptSrc));
    assert!(!has("default-src 'self'", Lint::MissingScriptSrc));
    assert!(has(
        "script-src 'nonce'; object-src 'none'",
        Lint::MissingBaseUri
    ));
    assert!(!has(
        "script-src 'self'; object-src 'none'",
        Lint::MissingBaseUri
    ));
    assert!(!has(STRICT, Lint::MissingBaseUri));
}

#[test]
fn informational_findings() {
    assert!(has("img-src 192.168.1.10:8080", Lint::IpSource));
    assert!(!has("img-src img.example.com", Lint::IpSource));
    assert!(has("script-src 'self'", Lint::SelfInScriptSrc));
    assert!(!has("script-src 'none'", Lint::SelfInScriptSrc));
    // An attribute's script runs inline: `'self'` there loads nothing.
    assert!(!has("script-src-attr 'self'", Lint::SelfInScriptSrc));
    assert!(has("script-src-elem 'self'", Lint::SelfInScriptSrc));
    // Falling back to `script-src`, the finding is script-src's own.
    assert!(has(
        "script-src 'self'; script-src-attr 'none'",
        Lint::SelfInScriptSrc
    ));
}

#[test]
fn findings_point_at_their_value() {
    let policy: ContentSecurityPolicy = "object-src 'none'; script-src 'self' 'unsafe-inline'"
        .parse()
        .unwrap();
    let finding = policy
        .lint()
        .into_iter()
        .find(|f| f.lint() == Lint::UnsafeInline)
        .unwrap();
    assert_eq!(finding.location(), Some((1, Some(1))));
    assert_eq!(finding.directive(), Some(DirectiveName::ScriptSrc));
    assert_eq!(
        finding.to_string(),
        "`'unsafe-inline'` in `script-src` lets any injected inline script run (lint `unsafe_inline`); use a nonce or hashes instead: `script-src 'nonce' 'strict-dynamic'`"
    );
    assert_eq!(
        finding.message(Syntax::Macro),
        "`unsafe-inline` in `script-src` lets any injected inline script run (lint `unsafe_inline`); use a nonce or hashes instead: `script-src: nonce strict-dynamic`"
    );
}

#[test]
fn lint_names_round_trip() {
    for lint in Lint::ALL {
        assert_eq!(Lint::from_name(lint.name()), Some(*lint));
    }
    assert_eq!(Lint::closest("unsafe_inlne"), Some("unsafe_inline"));
}

//! `examples/config.rs`'s configuration file: what it sends, and the message a bad one gets.

use http::HeaderMap;
use secure_http::{CspNonce, SecurityHeaders};
use serde::Deserialize;

const SHIPPED: &str = include_str!("../examples/secure-headers.toml");

/// As in the example.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    headers: SecurityHeaders,
}

#[test]
fn the_shipped_file_sends_its_headers_and_the_defaults_for_the_rest() {
    let config: Config = toml::from_str(SHIPPED).unwrap();
    let nonce = CspNonce::generate();
    let mut sent = HeaderMap::new();
    config.headers.apply_with_nonce(&mut sent, &nonce);
    let mut sent: Vec<String> = sent
        .iter()
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
        .collect();
    sent.sort();
    assert_eq!(
        sent,
        [
            format!(
                "content-security-policy: default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; report-uri /csp-report; report-to csp"
            )
            .as_str(),
            "cross-origin-opener-policy: same-origin",
            "cross-origin-resource-policy: same-origin",
            "origin-agent-cluster: ?1",
            "permissions-policy: camera=(), microphone=(), geolocation=(self)",
            "referrer-policy: strict-origin-when-cross-origin",
            r#"reporting-endpoints: csp="/csp-report""#,
            "strict-transport-security: max-age=63072000; includeSubDomains; preload",
            "x-content-type-options: nosniff",
            "x-download-options: noopen",
            "x-frame-options: DENY",
            "x-permitted-cross-domain-policies: none",
            "x-xss-protection: 0",
        ]
    );
}

#[test]
fn the_shipped_file_reads_back_from_what_it_writes() {
    let config: Config = toml::from_str(SHIPPED).unwrap();
    let written = toml::to_string(&config.headers).unwrap();
    assert_eq!(
        written,
        r#"content-security-policy = "default-src 'self'; script-src 'nonce' 'strict-dynamic'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; report-uri /csp-report; report-to csp"
strict-transport-security = "max-age=63072000; includeSubDomains; preload"
permissions-policy = "camera=(), microphone=(), geolocation=(self)"
referrer-policy = "strict-origin-when-cross-origin"
x-dns-prefetch-control = false

[reporting-endpoints]
csp = "/csp-report"
"#
    );
    let again: SecurityHeaders = toml::from_str(&written).unwrap();
    assert_eq!(toml::to_string(&again).unwrap(), written);
}

/// The shipped file with one change.
fn changed(from: &str, to: &str) -> String {
    assert!(SHIPPED.contains(from));
    SHIPPED.replace(from, to)
}

#[test]
fn a_bad_file_gets_the_parsers_message_and_where_the_value_is() {
    let error = |text: &str| toml::from_str::<Config>(text).unwrap_err().to_string();
    assert_eq!(
        error(&changed("geolocation=(self)", "geolocaton=(self)")),
        r#"TOML parse error at line 10, column 22
   |
10 | permissions-policy = "camera=(), microphone=(), geolocaton=(self)"
   |                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
unknown feature `geolocaton`; did you mean `geolocation`? (at byte 26)
"#
    );
    // A long line: its message, and where it starts.
    let error =
        toml::from_str::<Config>(&changed("script-src 'nonce'", "script-src self")).unwrap_err();
    assert_eq!(
        error.message(),
        "`self` without quotes is a host name; did you mean `'self'`? (at byte 31)"
    );
    assert!(
        error
            .to_string()
            .starts_with("TOML parse error at line 7, column 27\n")
    );
    let error = |text: &str| toml::from_str::<Config>(text).unwrap_err().to_string();
    assert_eq!(
        error(&changed("max-age = \"2y\"", "max-age = \"2m\"")),
        r#"TOML parse error at line 9, column 41
  |
9 | strict-transport-security = { max-age = "2m", include-subdomains = true, preload = true }
  |                                         ^^^^
unknown unit `m`; use `s`, `min`, `h`, `d`, `w` or `y` (365 days)
"#
    );
    assert_eq!(
        error(&changed("x-dns-prefetch-control", "x-dns-prefetch-contol")),
        r#"TOML parse error at line 12, column 1
   |
12 | x-dns-prefetch-contol = false
   | ^^^^^^^^^^^^^^^^^^^^^
unknown field `x-dns-prefetch-contol`; did you mean `x-dns-prefetch-control`?
"#
    );
}

/// Integrity-Policy from configuration: sent, written back, off with `false`, and its
/// endpoints checked against `reporting-endpoints`.
#[test]
fn integrity_policy_is_read_written_and_checked() {
    let text = r#"
[headers]
integrity-policy = "blocked-destinations=(script), endpoints=(integrity)"
integrity-policy-report-only = "blocked-destinations=(script style)"

[headers.reporting-endpoints]
integrity = "/csp-report"
"#;
    let config: Config = toml::from_str(text).unwrap();
    let mut sent = HeaderMap::new();
    config.headers.apply(&mut sent);
    assert_eq!(
        sent["integrity-policy"],
        "blocked-destinations=(script), endpoints=(integrity)"
    );
    assert_eq!(
        sent["integrity-policy-report-only"],
        "blocked-destinations=(script style)"
    );
    let written = toml::to_string(&config.headers).unwrap();
    assert!(
        written.contains(
            "integrity-policy = \"blocked-destinations=(script), endpoints=(integrity)\"\n"
        ),
        "{written}"
    );
    let again: SecurityHeaders = toml::from_str(&written).unwrap();
    let mut resent = HeaderMap::new();
    again.apply(&mut resent);
    assert_eq!(resent, sent);

    let off: Config = toml::from_str("[headers]\nintegrity-policy = false\n").unwrap();
    let mut sent = HeaderMap::new();
    off.headers.apply(&mut sent);
    assert!(!sent.contains_key("integrity-policy"));

    let unknown = toml::from_str::<Config>(
        "[headers]\nintegrity-policy-report-only = \"blocked-destinations=(script), endpoints=(gone)\"\n",
    )
    .unwrap_err();
    assert_eq!(
        unknown.message(),
        "`endpoints=(gone)` in `integrity-policy-report-only` names no endpoint of `reporting-endpoints`; add `gone = \"<url>\"` to it"
    );
    let bad = toml::from_str::<Config>(
        "[headers]\nintegrity-policy = \"blocked-destinations=(scirpt)\"\n",
    )
    .unwrap_err();
    assert_eq!(
        bad.message(),
        "unknown destination `scirpt`: the destinations are `script` and `style` (at byte 22)"
    );
}

/// Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy with `report-to`, and their
/// report-only forms, from configuration: as header text or as a table, written back as
/// header text, and their endpoints checked against `reporting-endpoints`.
#[test]
fn cross_origin_isolation_report_to_is_read_written_and_checked() {
    let text = r#"
[headers]
cross-origin-opener-policy = 'same-origin; report-to="isolation"'
cross-origin-embedder-policy-report-only = { value = "require-corp", report-to = "isolation" }
cross-origin-opener-policy-report-only = "same-origin"

[headers.reporting-endpoints]
isolation = "/csp-report"
"#;
    let config: Config = toml::from_str(text).unwrap();
    let mut sent = HeaderMap::new();
    config.headers.apply(&mut sent);
    assert_eq!(
        sent["cross-origin-opener-policy"],
        r#"same-origin; report-to="isolation""#
    );
    assert_eq!(
        sent["cross-origin-embedder-policy-report-only"],
        r#"require-corp; report-to="isolation""#
    );
    assert_eq!(
        sent["cross-origin-opener-policy-report-only"],
        "same-origin"
    );
    assert!(!sent.contains_key("cross-origin-embedder-policy"));
    let written = toml::to_string(&config.headers).unwrap();
    assert_eq!(
        written,
        "cross-origin-opener-policy = 'same-origin; report-to=\"isolation\"'\n\
         cross-origin-opener-policy-report-only = \"same-origin\"\n\
         cross-origin-embedder-policy-report-only = 'require-corp; report-to=\"isolation\"'\n\
         \n\
         [reporting-endpoints]\n\
         isolation = \"/csp-report\"\n"
    );
    let again: SecurityHeaders = toml::from_str(&written).unwrap();
    let mut resent = HeaderMap::new();
    again.apply(&mut resent);
    assert_eq!(resent, sent);

    let off: Config = toml::from_str("[headers]\ncross-origin-opener-policy = false\n").unwrap();
    let mut sent = HeaderMap::new();
    off.headers.apply(&mut sent);
    assert!(!sent.contains_key("cross-origin-opener-policy"));

    let message = |text: &str| {
        toml::from_str::<Config>(text)
            .map(|_| ())
            .unwrap_err()
            .message()
            .to_owned()
    };
    assert_eq!(
        message("[headers]\ncross-origin-embedder-policy = 'require-corp; report-to=\"gone\"'\n"),
        "`report-to=\"gone\"` in `cross-origin-embedder-policy` names no endpoint of `reporting-endpoints`; add `gone = \"<url>\"` to it"
    );
    assert_eq!(
        message(
            "[headers]\ncross-origin-opener-policy-report-only = { value = \"same-origin\", report-to = \"gone\" }\n"
        ),
        "`report-to=\"gone\"` in `cross-origin-opener-policy-report-only` names no endpoint of `reporting-endpoints`; add `gone = \"<url>\"` to it"
    );
    assert_eq!(
        message("[headers]\ncross-origin-opener-policy = 'same-origin; report-to=gone'\n"),
        "invalid `cross-origin-opener-policy` value `same-origin; report-to=gone`: `report-to` takes the endpoint's name in quotes, `report-to=\"endpoint\"`; browsers skip any other value (at byte 11)"
    );
    assert_eq!(
        message(
            "[headers]\ncross-origin-opener-policy = { value = \"same-origin\", report_to = \"x\", reportto = 1 }\n"
        ),
        "unknown field `reportto`; did you mean `report-to`?"
    );
    assert_eq!(
        message("[headers]\ncross-origin-opener-policy = { report-to = \"x\" }\n"),
        "missing field `value`"
    );
    assert_eq!(
        message(
            "[headers]\ncross-origin-opener-policy = { value = 'same-origin; report-to=\"x\"' }\n"
        ),
        "`value` holds the value alone, such as `same-origin`; the endpoint goes in `report-to`"
    );
    assert_eq!(
        message(
            "[headers]\ncross-origin-embedder-policy = { value = \"require-corp\", report-to = \"Not A Name\" }\n"
        ),
        "invalid reporting endpoint name `Not A Name`: use lowercase letters, digits, `_`, `-`, `.` or `*`, starting with a letter"
    );
}

//! The `serde` feature: each policy and header value read from TOML and JSON through its own
//! parser, with the parser's message; `SecurityHeaders` as a configuration table; what is
//! written reads back to headers that send the same.
#![cfg(all(feature = "serde", feature = "http"))]

use http::{HeaderMap, Response};
use proptest::prelude::*;
use proptest::sample::select;
use secure_core::headers::{
    ClearSiteData, CrossOriginEmbedderPolicy, FrameOptions, PermissionsPolicy, ReferrerPolicy,
    ReferrerPolicyValue,
};
use secure_core::reporting::ReportingEndpoints;
use secure_core::{ContentSecurityPolicy, CspNonce, SecurityHeaders, StrictTransportSecurity};
use serde::Deserialize;

/// A TOML document of one key, `value`, read as `T`.
#[derive(Debug, Deserialize)]
struct Value<T> {
    value: T,
}

fn toml_value<T: serde::de::DeserializeOwned>(value: &str) -> Result<T, String> {
    toml::from_str::<Value<T>>(&format!("value = {value}"))
        .map(|v| v.value)
        .map_err(|e| e.message().to_owned())
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[test]
fn policies_read_their_header_text() {
    let csp: ContentSecurityPolicy = toml_value(r#""DEFAULT-SRC 'NONE'; img-src 'self'""#).unwrap();
    assert_eq!(csp.as_str(), "default-src 'none'; img-src 'self'");
    let csp: ContentSecurityPolicy = json(r#""script-src 'nonce'""#).unwrap();
    assert_eq!(csp.as_str(), "script-src 'nonce'");

    let permissions: PermissionsPolicy = toml_value(r#"'camera=(), geolocation=(self)'"#).unwrap();
    assert_eq!(permissions.as_str(), "camera=(), geolocation=(self)");

    let hsts: StrictTransportSecurity = json(r#""max-age=600; includeSubDomains""#).unwrap();
    assert_eq!(hsts.to_string(), "max-age=600; includeSubDomains");
}

#[test]
fn errors_are_the_parsers_with_the_offset() {
    assert_eq!(
        toml_value::<ContentSecurityPolicy>(r#""default-src self""#).unwrap_err(),
        "`self` without quotes is a host name; did you mean `'self'`? (at byte 12)"
    );
    assert_eq!(
        json::<ContentSecurityPolicy>(r#""default-src 'self'; img-scr 'self'""#).unwrap_err(),
        "unknown directive `img-scr`; did you mean `img-src`? (at byte 20) at line 1 column 36"
    );
    assert_eq!(
        toml_value::<PermissionsPolicy>(r#""camra=()""#).unwrap_err(),
        "unknown feature `camra`; did you mean `camera`? (at byte 0)"
    );
    assert_eq!(
        json::<StrictTransportSecurity>(r#""max-age=600; preload""#).unwrap_err(),
        "`preload` needs `includeSubDomains`: the preload list covers every subdomain; add `includeSubDomains` or remove `preload` (at byte 13) at line 1 column 22"
    );
    assert_eq!(
        json::<ContentSecurityPolicy>("42").unwrap_err(),
        "invalid type: integer `42`, expected a Content-Security-Policy header value at line 1 column 2"
    );
}

#[test]
fn policies_write_their_header_text() {
    let csp: ContentSecurityPolicy = "default-src 'none'; script-src 'nonce'".parse().unwrap();
    assert_eq!(
        serde_json::to_string(&csp).unwrap(),
        r#""default-src 'none'; script-src 'nonce'""#
    );
    assert_eq!(
        serde_json::to_string(&StrictTransportSecurity::DEFAULT).unwrap(),
        r#""max-age=31536000; includeSubDomains; preload""#
    );
    let permissions: PermissionsPolicy =
        r#"geolocation=(self "https://maps.example")"#.parse().unwrap();
    assert_eq!(
        serde_json::to_string(&permissions).unwrap(),
        r#""geolocation=(self \"https://maps.example\")""#
    );
    assert_eq!(
        serde_json::to_string(&FrameOptions::SameOrigin).unwrap(),
        r#""SAMEORIGIN""#
    );
}

#[test]
fn hsts_reads_a_table_as_hsts_writes_it() {
    let read = |text: &str| toml_value::<StrictTransportSecurity>(text).map(|h| h.to_string());
    assert_eq!(
        read("{}").unwrap(),
        "max-age=31536000; includeSubDomains; preload"
    );
    assert_eq!(
        read("{ max-age = 63072000, include-subdomains = true, preload = true }").unwrap(),
        "max-age=63072000; includeSubDomains; preload"
    );
    assert_eq!(
        read(r#"{ max-age = "30min", include-subdomains = false, preload = false }"#).unwrap(),
        "max-age=1800"
    );
    assert_eq!(
        read(r#"{ max_age = "180d", preload = false }"#).unwrap(),
        "max-age=15552000; includeSubDomains"
    );
    assert_eq!(
        read("{ max-age = 600 }").unwrap_err(),
        "`preload` needs a `max-age` of at least one year (31536000 seconds), not 600; raise it to `1y` or add `preload: false`"
    );
    assert_eq!(
        read("{ include-subdomains = false }").unwrap_err(),
        "`preload` needs `include-subdomains`: the preload list covers every subdomain; remove `include-subdomains: false` or add `preload: false`"
    );
    assert_eq!(
        read("{ preloaded = false }").unwrap_err(),
        "unknown field `preloaded`; did you mean `preload`?"
    );
    assert_eq!(
        read("{ expires = 600 }").unwrap_err(),
        "unknown field `expires`, expected one of `max-age`, `include-subdomains`, `preload`"
    );
    assert_eq!(
        read(r#"{ max-age = "1m" }"#).unwrap_err(),
        "unknown unit `m`; use `s`, `min`, `h`, `d`, `w` or `y` (365 days)"
    );
    assert_eq!(
        read(r#"{ max-age = "a year" }"#).unwrap_err(),
        "invalid `max-age` value `a year`: expected a number of seconds"
    );
    assert_eq!(
        read("{ max-age = -1 }").unwrap_err(),
        "invalid value: integer `-1`, expected a number of seconds, or a number with a unit: `s`, `min`, `h`, `d`, `w` or `y`"
    );
    assert_eq!(
        read("{ max-age = 4294967296 }").unwrap_err(),
        "`max-age` must be at most 4294967295 seconds (about 136 years)"
    );
    assert_eq!(
        json::<StrictTransportSecurity>(r#"{"preload": false, "preload": true}"#).unwrap_err(),
        "duplicate field `preload` at line 1 column 35"
    );
    assert_eq!(
        json::<StrictTransportSecurity>("true").unwrap_err(),
        "invalid type: boolean `true`, expected a Strict-Transport-Security header value, or a table of `max-age`, `include-subdomains` and `preload` at line 1 column 4"
    );
}

#[test]
fn closed_values_and_referrer_policy_read_their_header_text() {
    assert_eq!(
        toml_value::<FrameOptions>(r#""deny""#),
        Ok(FrameOptions::Deny)
    );
    assert_eq!(
        toml_value::<FrameOptions>(r#""ALLOW-FROM https://a.example""#).unwrap_err(),
        "invalid `x-frame-options` value `ALLOW-FROM https://a.example`; expected `DENY` or `SAMEORIGIN`"
    );
    assert_eq!(
        toml_value::<CrossOriginEmbedderPolicy>(r#""require-crop""#).unwrap_err(),
        "invalid `cross-origin-embedder-policy` value `require-crop`; did you mean `require-corp`?"
    );
    assert_eq!(
        toml_value::<ClearSiteData>(r#"'"cookies"'"#),
        Ok(ClearSiteData::Cookies)
    );
    let referrer: ReferrerPolicy =
        toml_value(r#""no-referrer, same-origin, no-referrer""#).unwrap();
    assert_eq!(
        referrer,
        ReferrerPolicy::new(ReferrerPolicyValue::NoReferrer)
            .fallback(ReferrerPolicyValue::SameOrigin)
    );
    assert_eq!(
        toml_value::<ReferrerPolicy>(r#"" , ""#).unwrap_err(),
        "empty `referrer-policy` value; expected `no-referrer`, `no-referrer-when-downgrade`, `origin`, `origin-when-cross-origin`, `same-origin`, `strict-origin`, `strict-origin-when-cross-origin` or `unsafe-url`"
    );
}

#[test]
fn reporting_endpoints_are_a_table() {
    let endpoints: ReportingEndpoints =
        toml_value(r#"{ csp = "/csp-report", default = "https://reports.example/all" }"#).unwrap();
    assert_eq!(
        endpoints.to_string(),
        r#"csp="/csp-report", default="https://reports.example/all""#
    );
    assert_eq!(
        serde_json::to_string(&endpoints).unwrap(),
        r#"{"csp":"/csp-report","default":"https://reports.example/all"}"#
    );
    assert_eq!(
        toml_value::<ReportingEndpoints>(r#"{ CSP = "/csp-report" }"#).unwrap_err(),
        "invalid reporting endpoint name `CSP`: use lowercase letters, digits, `_`, `-`, `.` or `*`, starting with a letter"
    );
    assert_eq!(
        json::<ReportingEndpoints>(r#"{"csp": "/a", "csp": "/b"}"#).unwrap_err(),
        "duplicate reporting endpoint `csp` at line 1 column 26"
    );
}

/// The headers sent on a production response and on a development one (the nonce written
/// as `NONCE`), and whether a loopback host and another host get development responses.
fn sent(headers: &SecurityHeaders) -> ([HeaderMap; 2], [bool; 2]) {
    let nonce = CspNonce::generate();
    let responses = [false, true].map(|development| {
        let mut response = Response::new(());
        headers.apply_to_response_with(&mut response, Some(&nonce), development);
        let mut sent = response.headers().clone();
        for value in sent.values_mut() {
            let text = value.to_str().unwrap().replace(nonce.as_str(), "NONCE");
            *value = text.parse().unwrap();
        }
        sent
    });
    let development =
        [Some("localhost"), Some("app.example")].map(|host| headers.is_development_host(host));
    (responses, development)
}

#[test]
fn absent_keys_keep_the_defaults_and_false_leaves_a_header_out() {
    let headers: SecurityHeaders = toml::from_str(
        r#"
        content-security-policy = "default-src 'self'; script-src 'nonce'"
        strict-transport-security = "max-age=63072000; includeSubDomains"
        x-frame-options = false
        "#,
    )
    .unwrap();
    let expected = SecurityHeaders::new()
        .content_security_policy("default-src 'self'; script-src 'nonce'".parse().unwrap())
        .strict_transport_security(StrictTransportSecurity::new(63_072_000, true, false).unwrap())
        .without::<FrameOptions>();
    assert_eq!(sent(&headers), sent(&expected));
    let ([production, _], _) = sent(&headers);
    assert_eq!(
        production["content-security-policy"],
        "default-src 'self'; script-src 'nonce-NONCE'"
    );
    assert!(production.get("x-frame-options").is_none());
    assert_eq!(production["x-content-type-options"], "nosniff");

    let empty: SecurityHeaders = toml::from_str("").unwrap();
    assert_eq!(sent(&empty), sent(&SecurityHeaders::new()));
}

#[test]
fn every_setting_reads() {
    let headers: SecurityHeaders = toml::from_str(
        r#"
        content-security-policy = false
        content-security-policy-report-only = "default-src 'none'; report-to csp"
        strict-transport-security = false
        permissions-policy = "camera=()"
        x-frame-options = "sameorigin"
        x-content-type-options = false
        referrer-policy = "no-referrer, strict-origin-when-cross-origin"
        cross-origin-opener-policy = "same-origin-allow-popups"
        cross-origin-embedder-policy = "require-corp"
        cross-origin-resource-policy = "cross-origin"
        origin-agent-cluster = false
        x-dns-prefetch-control = "on"
        x-download-options = false
        x-permitted-cross-domain-policies = "master-only"
        x-xss-protection = false
        remove-headers = ["server"]
        development = true
        development-on-loopback = true
        reporting-endpoints = { csp = "/csp-report" }
        "#,
    )
    .unwrap();
    let mut response = Response::new(());
    response
        .headers_mut()
        .insert("server", "hyper".parse().unwrap());
    response
        .headers_mut()
        .insert("x-powered-by", "Rust".parse().unwrap());
    headers.apply_to_response(&mut response, None);
    let mut sent: Vec<_> = response
        .headers()
        .iter()
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
        .collect();
    sent.sort();
    assert_eq!(
        sent,
        [
            "content-security-policy-report-only: default-src 'none'; report-to csp",
            "cross-origin-embedder-policy: require-corp",
            "cross-origin-opener-policy: same-origin-allow-popups",
            "cross-origin-resource-policy: cross-origin",
            "permissions-policy: camera=()",
            "referrer-policy: no-referrer, strict-origin-when-cross-origin",
            r#"reporting-endpoints: csp="/csp-report""#,
            "x-dns-prefetch-control: on",
            "x-frame-options: SAMEORIGIN",
            "x-permitted-cross-domain-policies: master-only",
            "x-powered-by: Rust",
        ]
    );
    assert!(headers.is_development_host(Some("app.example")));
}

#[test]
fn keys_ignore_case_and_take_underscores_as_from_the_environment() {
    let headers: SecurityHeaders =
        json(r#"{"X-Frame-Options": "DENY", "strict_transport_security": false}"#).unwrap();
    let ([production, _], _) = sent(&headers);
    assert_eq!(production["x-frame-options"], "DENY");
    assert!(production.get("strict-transport-security").is_none());
}

#[test]
fn configuration_errors() {
    let read = |text: &str| toml::from_str::<SecurityHeaders>(text).map_err(|e| e.to_string());
    assert_eq!(
        read(r#"content-security-policy = "default-src self""#).unwrap_err(),
        "TOML parse error at line 1, column 27\n  |\n1 | content-security-policy = \"default-src self\"\n  |                           ^^^^^^^^^^^^^^^^^^\n`self` without quotes is a host name; did you mean `'self'`? (at byte 12)\n"
    );
    let message = |text: &str| {
        toml::from_str::<SecurityHeaders>(text)
            .map(|_| ())
            .map_err(|e| e.message().to_owned())
    };
    assert_eq!(
        message(r#"x-frame-option = "DENY""#).unwrap_err(),
        "unknown field `x-frame-option`; did you mean `x-frame-options`?"
    );
    assert_eq!(
        message(r#"frame-options = "DENY""#).unwrap_err(),
        "unknown field `frame-options`; did you mean `x-frame-options`?"
    );
    assert_eq!(
        message("hsts = false").unwrap_err(),
        "unknown field `hsts`, expected one of `content-security-policy`, `content-security-policy-report-only`, `strict-transport-security`, `permissions-policy`, `x-frame-options`, `x-content-type-options`, `referrer-policy`, `cross-origin-opener-policy`, `cross-origin-embedder-policy`, `cross-origin-opener-policy-report-only`, `cross-origin-embedder-policy-report-only`, `cross-origin-resource-policy`, `origin-agent-cluster`, `x-dns-prefetch-control`, `x-download-options`, `x-permitted-cross-domain-policies`, `x-xss-protection`, `integrity-policy`, `integrity-policy-report-only`, `remove-headers`, `development`, `development-on-loopback`, `enforce-lints`, `reporting-endpoints`"
    );
    assert_eq!(
        message("x-content-type-options = true").unwrap_err(),
        "invalid value: boolean `true`, expected the header's value, or `false` to leave the header out"
    );
    assert_eq!(
        message(r#"x-frame-options = "ALLOWALL""#).unwrap_err(),
        "invalid `x-frame-options` value `ALLOWALL`; expected `DENY` or `SAMEORIGIN`"
    );
    assert_eq!(
        message(r#"remove-headers = ["x powered by"]"#).unwrap_err(),
        "invalid header name `x powered by` in `remove-headers`"
    );
    assert_eq!(
        message(r#"content-security-policy = "default-src 'none'; report-to csp""#).unwrap_err(),
        "`report-to csp` names no endpoint of `reporting-endpoints`; add `csp = \"<url>\"` to it"
    );
    assert_eq!(
        json::<SecurityHeaders>(r#"{"X-Frame-Options": "DENY", "x-frame-options": false}"#)
            .map(|_| ())
            .unwrap_err(),
        "duplicate field `x-frame-options` at line 1 column 45"
    );
}

#[test]
fn writes_what_differs_from_the_defaults() {
    assert_eq!(toml::to_string(&SecurityHeaders::new()).unwrap(), "");
    let headers = SecurityHeaders::new()
        .content_security_policy("default-src 'self'; report-to csp".parse().unwrap())
        .strict_transport_security(StrictTransportSecurity::new(600, false, false).unwrap())
        .header(FrameOptions::SameOrigin)
        .without::<secure_core::headers::XssProtection>()
        .header(CrossOriginEmbedderPolicy::RequireCorp)
        .without_header_removal()
        .development_on_loopback(true)
        .reporting_endpoints(
            ReportingEndpoints::new()
                .endpoint("csp", "/csp-report")
                .unwrap(),
        );
    let written = toml::to_string(&headers).unwrap();
    assert_eq!(
        written,
        r#"content-security-policy = "default-src 'self'; report-to csp"
strict-transport-security = "max-age=600"
x-frame-options = "SAMEORIGIN"
cross-origin-embedder-policy = "require-corp"
x-xss-protection = false
remove-headers = []
development-on-loopback = true

[reporting-endpoints]
csp = "/csp-report"
"#
    );
    assert_eq!(
        serde_json::to_string(&SecurityHeaders::api()).unwrap(),
        r#"{"content-security-policy":"default-src 'none'; frame-ancestors 'none'","permissions-policy":false,"cross-origin-opener-policy":false,"cross-origin-resource-policy":false,"origin-agent-cluster":false,"x-dns-prefetch-control":false,"x-download-options":false,"x-permitted-cross-domain-policies":false,"x-xss-protection":false}"#
    );
    assert_eq!(
        serde_json::to_string(&SecurityHeaders::new().header(ClearSiteData::Cookies))
            .unwrap_err()
            .to_string(),
        "`clear-site-data` cannot be written as configuration: it is not meant for every response"
    );
}

/// One change to the defaults, as a builder call.
fn change() -> impl Strategy<Value = fn(SecurityHeaders) -> SecurityHeaders> {
    let changes: Vec<fn(SecurityHeaders) -> SecurityHeaders> = vec![
        |h| h.without_content_security_policy(),
        |h| {
            h.content_security_policy(
                "default-src 'self'; frame-ancestors 'self'"
                    .parse()
                    .unwrap(),
            )
        },
        |h| {
            h.content_security_policy_report_only(
                "script-src 'nonce' 'strict-dynamic'".parse().unwrap(),
            )
        },
        |h| {
            h.content_security_policies(
                "default-src 'self', script-src 'nonce' 'strict-dynamic'; base-uri 'none'"
                    .parse()
                    .unwrap(),
            )
        },
        |h| h.enforce_lints(secure_core::csp::lint::LintLevels::new()),
        |h| {
            use secure_core::csp::lint::{Lint, LintLevels};
            h.enforce_lints(
                LintLevels::new()
                    .deny(Lint::UnsafeEval)
                    .allow(Lint::BypassHost),
            )
        },
        |h| h.without_strict_transport_security(),
        |h| h.strict_transport_security(StrictTransportSecurity::new(0, false, false).unwrap()),
        |h| h.without::<PermissionsPolicy>(),
        |h| h.header::<PermissionsPolicy>("fullscreen=*".parse().unwrap()),
        |h| h.header(FrameOptions::Deny),
        |h| h.without::<FrameOptions>(),
        |h| h.derive_frame_options(),
        |h| {
            h.header(
                ReferrerPolicy::new(ReferrerPolicyValue::SameOrigin)
                    .fallback(ReferrerPolicyValue::NoReferrer),
            )
        },
        |h| h.without::<ReferrerPolicy>(),
        |h| h.header(CrossOriginEmbedderPolicy::Credentialless),
        |h| h.without::<secure_core::headers::OriginAgentCluster>(),
        |h| h.header(secure_core::headers::DnsPrefetchControl::On),
        |h| h.without_header_removal(),
        |h| h.remove_header(http::HeaderName::from_static("x-runtime")),
        |h| h.development(true),
        |h| h.development_on_loopback(true),
        |h| {
            h.reporting_endpoints(
                ReportingEndpoints::new()
                    .endpoint("default", "https://r.example/")
                    .unwrap(),
            )
        },
    ];
    select(changes)
}

proptest! {
    /// Whatever the headers, what is written reads back to headers that send the same, in
    /// production and in development, and is written the same again.
    #[test]
    fn what_is_written_reads_back(changes in proptest::collection::vec(change(), 0..8)) {
        let headers = changes.iter().fold(SecurityHeaders::new(), |h, change| change(h));
        let toml_text = toml::to_string(&headers).unwrap();
        let from_toml: SecurityHeaders = toml::from_str(&toml_text).unwrap();
        prop_assert_eq!(sent(&from_toml), sent(&headers));
        prop_assert_eq!(toml::to_string(&from_toml).unwrap(), toml_text);

        let json_text = serde_json::to_string(&headers).unwrap();
        let from_json: SecurityHeaders = serde_json::from_str(&json_text).unwrap();
        prop_assert_eq!(sent(&from_json), sent(&headers));
    }
}

/// A policy list and lint enforcement from configuration (issue 15): a weak policy is
/// refused while reading, with the lint's message, unless the lint is allowed.
#[test]
fn configuration_holds_policies_to_the_lints_and_takes_lists() {
    let headers: SecurityHeaders = toml::from_str(
        r#"
        content-security-policy = "default-src 'self', frame-ancestors 'none'"
        enforce-lints = true
        "#,
    )
    .unwrap();
    assert_eq!(
        headers.csp_list().unwrap().to_string(),
        "default-src 'self', frame-ancestors 'none'"
    );
    let weak = r#"
        content-security-policy = "script-src 'self' https:; object-src 'none'"
        enforce-lints = true
        "#;
    assert_eq!(
        toml::from_str::<SecurityHeaders>(weak)
            .unwrap_err()
            .message(),
        "Content-Security-Policy: 1 denied lint finding: `https:` in `script-src` allows script or plugins from anywhere (lint `permissive_source`); list the exact hosts, or use `script-src 'nonce' 'strict-dynamic'`"
    );
    assert!(toml::from_str::<SecurityHeaders>(weak.replace("= true", "= false").as_str()).is_ok());
    let allowed = weak.replace("= true", "= { allow = [\"permissive_source\"] }");
    let headers: SecurityHeaders = toml::from_str(&allowed).unwrap();
    assert_eq!(
        toml::to_string(&headers).unwrap(),
        "content-security-policy = \"script-src 'self' https:; object-src 'none'\"\n\n[enforce-lints]\ndeny = []\nallow = [\"permissive_source\"]\n"
    );
    assert_eq!(
        toml::from_str::<SecurityHeaders>(&weak.replace(
            "= true",
            "= { deny = [\"permissive_source\"], allow = [\"permissive_source\"] }"
        ))
        .unwrap_err()
        .message(),
        "lint `permissive_source` is both denied and allowed"
    );
}

//! The `serde` feature: each policy and header value read from TOML and JSON through its own
//! parser, with the parser's message, and written as its header text.
#![cfg(all(feature = "serde", feature = "http"))]

use secure_core::headers::{
    ClearSiteData, CrossOriginEmbedderPolicy, FrameOptions, PermissionsPolicy, ReferrerPolicy,
    ReferrerPolicyValue,
};
use secure_core::reporting::ReportingEndpoints;
use secure_core::{ContentSecurityPolicy, StrictTransportSecurity};
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

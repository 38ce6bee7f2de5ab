//! Header injection, tried through every runtime API that turns text into a header value
//! (the macros are tried by the UI tests: `tests/ui/*/fail/*character*`, `*origin_*`).
//!
//! Each API gets valid input with one hostile character or sequence put in at a random place
//! (and, for a fixed corpus, at every place): CR, LF, CRLF and a header after it, NUL and the
//! other C0 controls, DEL, C1 controls and other non-ASCII, `;`, `,` and `"`. It must refuse
//! the input with a clear error (a message without control characters, of the expected kind),
//! or, where the character is legal at that place, make a header value of visible ASCII with
//! the structure of the original: as many directives, features or endpoints, each `;` or `,`
//! a separator of the header's own grammar. The values accepted are then sent with
//! `SecurityHeaders`, and every byte of every header in the map is checked.
#![cfg(feature = "http")]

mod common;

use common::config;
use http::HeaderMap;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use secure_core::csp::{
    ContentSecurityPolicy, CspErrorKind, DirectiveName, HashAlgorithm, Value, ValueGrammar,
};
use secure_core::hsts::{HstsErrorKind, HstsFindingKind, analyze, max_age_seconds};
use secure_core::origin::Origin;
use secure_core::permissions::{
    PermissionsErrorKind, PermissionsPolicy, WrittenAllowlist, WrittenFeature, WrittenMember,
};
use secure_core::reporting::{ReportingEndpoints, ReportingError};
use secure_core::transport::{
    AllowedHosts, HttpsRedirect, TransportDecision, TransportRejection, TransportRequest,
    TrustedProxy, request_host,
};
use secure_core::{CspNonce, SecurityHeaders, StrictTransportSecurity};
use std::borrow::Cow;

// ---------------------------------------------------------------------------------------------
// What is injected, and the checks every API shares.
// ---------------------------------------------------------------------------------------------

/// The hostile characters and sequences.
const HOSTILE: &[&str] = &[
    "\r",
    "\n",
    "\r\n",
    "\r\nX-Injected: 1",
    "\nSet-Cookie: session=stolen",
    "\r\n\r\n<script>alert(1)</script>",
    "\0",
    "\u{1}",
    "\u{8}",
    "\t",
    "\u{b}",
    "\u{c}",
    "\u{1b}",
    "\u{1f}",
    "\u{7f}",
    "\u{80}",
    "\u{85}",
    "\u{a0}",
    "é",
    "ÿ",
    "\u{2028}",
    "\u{feff}",
    "\u{202e}",
    "\u{2066}",
    "\u{200f}",
    "😀",
    ";",
    ",",
    "\"",
    "; script-src *",
    ", camera=*",
];

/// `text` with `hostile` put in at a char boundary chosen by `at`; and where.
fn inject(text: &str, at: Index, hostile: &str) -> (String, usize) {
    let places: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let i = places[at.index(places.len())];
    let mut injected = text.to_owned();
    injected.insert_str(i, hostile);
    (injected, i)
}

/// Every way to put `hostile` in `text`.
fn every_injection<'a>(text: &'a str) -> impl Iterator<Item = (String, usize, &'static str)> + 'a {
    let places: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    HOSTILE.iter().flat_map(move |&hostile| {
        places.clone().into_iter().map(move |i| {
            let mut injected = text.to_owned();
            injected.insert_str(i, hostile);
            (injected, i, hostile)
        })
    })
}

/// The first character of `hostile` that no header value may hold: a control other than
/// tab (which the parsers read as a space), or anything not ASCII.
fn forbidden(hostile: &str) -> Option<(usize, char)> {
    hostile
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_graphic() || c == ' ' || c == '\t'))
}

/// Visible ASCII and spaces only.
fn visible(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b == b' ' || b.is_ascii_graphic())
}

/// An error message that says something and cannot break a log line or a diagnostic.
fn clear(message: impl ToString) -> Result<(), TestCaseError> {
    let message = message.to_string();
    prop_assert!(!message.is_empty());
    prop_assert!(
        !message.contains(|c: char| c.is_control()
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
            )
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)),
        "the message {:?} holds a control character (a bidirectional one included)",
        message
    );
    Ok(())
}

/// Every header of the map once, and each value visible ASCII.
fn check_map(map: &HeaderMap) -> Result<(), TestCaseError> {
    for name in map.keys() {
        prop_assert_eq!(map.get_all(name).iter().count(), 1, "{} sent twice", name);
    }
    for (name, value) in map {
        prop_assert!(
            visible(value.as_bytes()),
            "{}: {:?} is not visible ASCII",
            name,
            value
        );
    }
    Ok(())
}

/// Sends the headers as the integrations do (a fresh nonce, and a development response) and
/// checks every header; the map of the ordinary response.
fn send(headers: &SecurityHeaders) -> Result<HeaderMap, TestCaseError> {
    let mut map = HeaderMap::new();
    headers.apply(&mut map);
    check_map(&map)?;
    let mut response = http::Response::new(());
    headers.apply_to_response_for(
        &mut response,
        Some(&CspNonce::generate()),
        Some("localhost"),
    );
    check_map(response.headers())?;
    Ok(map)
}

fn hostile() -> impl Strategy<Value = &'static str> {
    select(HOSTILE)
}

// ---------------------------------------------------------------------------------------------
// Content-Security-Policy.
// ---------------------------------------------------------------------------------------------

fn csp_directives() -> Vec<String> {
    vec![
        "default-src 'self'".into(),
        format!(
            "script-src 'nonce' 'strict-dynamic' {}",
            HashAlgorithm::Sha256.hash_source("alert(1)")
        ),
        "style-src 'self' 'unsafe-inline' https://fonts.example.com".into(),
        "img-src 'self' data: https://*.cdn.example.com:443/img/".into(),
        "connect-src 'self' wss://live.example.com".into(),
        "frame-ancestors 'none'".into(),
        "base-uri 'none'".into(),
        "form-action 'self'".into(),
        "object-src 'none'".into(),
        "report-uri /csp-report https://reports.example.com/csp?x=1".into(),
        "report-to csp-endpoint".into(),
        "sandbox allow-scripts allow-forms".into(),
        "upgrade-insecure-requests".into(),
        "trusted-types app#1 'allow-duplicates'".into(),
        "require-trusted-types-for 'script'".into(),
        "webrtc 'block'".into(),
        "worker-src blob:".into(),
    ]
}

fn csp_text() -> impl Strategy<Value = String> {
    (
        subsequence(csp_directives(), 1..=6).prop_shuffle(),
        select(vec!["; ", ";", " ; ", ";\t"]),
    )
        .prop_map(|(directives, separator)| directives.join(separator))
}

/// The printed policy: visible ASCII, each `;` between two directives, and it parses back.
fn check_csp_printed(policy: &ContentSecurityPolicy) -> Result<(), TestCaseError> {
    let printed = policy.as_str();
    prop_assert!(visible(printed.as_bytes()), "unsafe output {:?}", printed);
    prop_assert!(!printed.contains(','), "`,` in {:?}", printed);
    let segments: Vec<&str> = printed.split("; ").collect();
    prop_assert_eq!(
        segments.len(),
        policy.directives().len(),
        "in {:?}",
        printed
    );
    for (segment, directive) in segments.iter().zip(policy.directives()) {
        prop_assert!(!segment.contains(';'), "a `;` inside {:?}", segment);
        prop_assert_eq!(segment.split(' ').next(), Some(directive.name().as_str()));
    }
    let again: ContentSecurityPolicy = printed
        .parse()
        .map_err(|e| TestCaseError::fail(format!("{printed:?} does not parse: {e}")))?;
    prop_assert_eq!(&again, policy);
    Ok(())
}

fn check_csp(valid: &str, text: &str, at: usize, hostile: &str) -> Result<(), TestCaseError> {
    let original: ContentSecurityPolicy = valid.parse().expect("the corpus is valid");
    match text.parse::<ContentSecurityPolicy>() {
        Err(error) => {
            clear(&error)?;
            if let Some((i, c)) = forbidden(hostile) {
                prop_assert_eq!(error.kind(), &CspErrorKind::InvalidCharacter(c));
                prop_assert_eq!(error.offset(), at + i);
            } else if hostile.starts_with(',') {
                prop_assert_eq!(error.kind(), &CspErrorKind::Comma);
                prop_assert_eq!(error.offset(), at);
            }
        }
        Ok(policy) => {
            prop_assert!(
                forbidden(hostile).is_none() && !hostile.contains(','),
                "{:?} was accepted",
                text
            );
            check_csp_printed(&policy)?;
            let names = |p: &ContentSecurityPolicy| -> Vec<DirectiveName> {
                p.directives().iter().map(|d| d.name()).collect()
            };
            // `; script-src *` may add a directive the original lacks (whose values may then
            // take the next directive's name as a host: it is one by the grammar); nothing
            // else may change which directives there are.
            if hostile == "; script-src *" && original.get(DirectiveName::ScriptSrc).is_none() {
                let mut added = names(&policy);
                added.retain(|&n| n != DirectiveName::ScriptSrc);
                prop_assert!(policy.get(DirectiveName::ScriptSrc).is_some());
                prop_assert!(
                    added.iter().all(|n| original.get(*n).is_some()),
                    "for {:?}",
                    text
                );
            } else {
                prop_assert_eq!(names(&policy), names(&original), "for {:?}", text);
            }
            let headers = SecurityHeaders::empty()
                .content_security_policy(policy.clone())
                .content_security_policy_report_only(policy.clone());
            let map = send(&headers)?;
            let sent = map["content-security-policy"].to_str().unwrap();
            prop_assert_eq!(sent.matches("; ").count() + 1, policy.directives().len());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Strict-Transport-Security.
// ---------------------------------------------------------------------------------------------

const HSTS_CORPUS: &[&str] = &[
    "max-age=31536000; includeSubDomains; preload",
    "max-age=0",
    "max-age=\"600\"; includeSubDomains",
    "Max-Age=86400 ;INCLUDESUBDOMAINS",
];

fn check_hsts(valid: &str, text: &str, at: usize, hostile: &str) -> Result<(), TestCaseError> {
    let original: StrictTransportSecurity = valid.parse().expect("the corpus is valid");
    match text.parse::<StrictTransportSecurity>() {
        Err(error) => {
            clear(&error)?;
            if let Some((i, c)) = forbidden(hostile) {
                prop_assert_eq!(error.kind(), &HstsErrorKind::InvalidCharacter(c));
                prop_assert_eq!(error.offset(), at + i);
            }
        }
        Ok(hsts) => {
            prop_assert!(forbidden(hostile).is_none(), "{:?} was accepted", text);
            // A `;` can cut a directive in two; browsers skip the pieces HSTS does not define,
            // and so does the parser, which then reads less: `analyze` names each piece.
            if hsts != original {
                let skipped = analyze(text)
                    .findings()
                    .iter()
                    .any(|f| matches!(f.kind(), HstsFindingKind::UnknownDirective { .. }));
                prop_assert!(
                    hostile.contains(';') && skipped,
                    "{:?} read as {}",
                    text,
                    hsts
                );
            }
            let map = send(&SecurityHeaders::empty().strict_transport_security(hsts))?;
            prop_assert_eq!(
                map["strict-transport-security"].to_str().unwrap(),
                hsts.to_string()
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Permissions-Policy.
// ---------------------------------------------------------------------------------------------

const PERMISSIONS_FEATURES: &[&str] = &[
    "camera=()",
    "geolocation=(self \"https://maps.example.com\")",
    "fullscreen=*",
    "payment=(self src)",
    "microphone=(\"https://*.meet.example:8443\")",
    "usb=( )",
];

fn permissions_text() -> impl Strategy<Value = String> {
    (
        subsequence(PERMISSIONS_FEATURES, 1..=4).prop_shuffle(),
        select(vec![", ", ",", " , ", ",\t"]),
    )
        .prop_map(|(features, separator)| features.join(separator))
}

fn check_permissions(
    valid: &str,
    text: &str,
    at: usize,
    hostile: &str,
) -> Result<(), TestCaseError> {
    let original: PermissionsPolicy = valid.parse().expect("the corpus is valid");
    match text.parse::<PermissionsPolicy>() {
        Err(error) => {
            clear(&error)?;
            if let Some((i, _)) = forbidden(hostile) {
                prop_assert_eq!(
                    error.kind(),
                    &PermissionsErrorKind::Syntax("visible ASCII only")
                );
                prop_assert_eq!(error.offset(), at + i);
            }
        }
        Ok(policy) => {
            prop_assert!(forbidden(hostile).is_none(), "{:?} was accepted", text);
            // Only a tab or a `, camera=*` where it adds a feature can be legal.
            if hostile == ", camera=*" && !valid.contains("camera") {
                prop_assert_eq!(
                    policy.as_str().matches("=").count(),
                    original.as_str().matches('=').count() + 1
                );
            } else {
                prop_assert_eq!(&policy, &original, "for {:?}", text);
            }
            let printed = policy.as_str();
            prop_assert!(visible(printed.as_bytes()) && !printed.contains(';'));
            let map = send(&SecurityHeaders::empty().header(policy.clone()))?;
            prop_assert_eq!(map["permissions-policy"].to_str().unwrap(), printed);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reporting-Endpoints.
// ---------------------------------------------------------------------------------------------

/// A structured-field dictionary whose values are all strings, read independently of the
/// crate: `key="value", key="value"`.
fn sf_strings(text: &str) -> Option<Vec<(String, String)>> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut members = Vec::new();
    loop {
        let start = at;
        while at < bytes.len()
            && (bytes[at].is_ascii_lowercase()
                || bytes[at].is_ascii_digit()
                || b"_-.*".contains(&bytes[at]))
        {
            at += 1;
        }
        let key = &text[start..at];
        if !key.starts_with(|c: char| c.is_ascii_lowercase() || c == '*') {
            return None;
        }
        if bytes.get(at) != Some(&b'=') || bytes.get(at + 1) != Some(&b'"') {
            return None;
        }
        at += 2;
        let mut value = String::new();
        loop {
            match *bytes.get(at)? {
                b'"' => break,
                b'\\' => {
                    let escaped = *bytes.get(at + 1)?;
                    if escaped != b'"' && escaped != b'\\' {
                        return None;
                    }
                    value.push(char::from(escaped));
                    at += 1;
                }
                b @ 0x20..=0x7e => value.push(char::from(b)),
                _ => return None,
            }
            at += 1;
        }
        at += 1;
        members.push((key.to_owned(), value));
        while bytes.get(at).is_some_and(|b| *b == b' ' || *b == b'\t') {
            at += 1;
        }
        if at == bytes.len() {
            return Some(members);
        }
        if bytes[at] != b',' {
            return None;
        }
        at += 1;
        while bytes.get(at).is_some_and(|b| *b == b' ' || *b == b'\t') {
            at += 1;
        }
    }
}

fn endpoint_name() -> impl Strategy<Value = String> {
    "[a-z*][a-z0-9_.*-]{0,10}"
}

fn endpoint_url() -> impl Strategy<Value = String> {
    prop_oneof![
        "/[a-z0-9/_.-]{0,16}",
        "https://[a-z]{1,8}\\.example\\.com/[a-z0-9/?=&%_.-]{0,16}",
    ]
}

fn check_reporting(
    base: &[(String, String)],
    name: &str,
    url: &str,
    into_name: bool,
    hostile: &str,
) -> Result<(), TestCaseError> {
    let mut endpoints = ReportingEndpoints::new();
    let mut expected: Vec<(String, String)> = Vec::new();
    for (n, u) in base {
        endpoints = endpoints.endpoint(n, u).expect("the base is valid");
        match expected.iter_mut().find(|(e, _)| e == n) {
            Some(existing) => existing.1 = u.clone(),
            None => expected.push((n.clone(), u.clone())),
        }
    }
    match endpoints.endpoint(name, url) {
        Err(error) => {
            clear(&error)?;
            if into_name {
                prop_assert_eq!(error, ReportingError::InvalidName(name.to_owned()));
            } else {
                prop_assert_eq!(error, ReportingError::InvalidUrl(url.to_owned()));
            }
        }
        Ok(endpoints) => {
            // No hostile character is legal in a key; only `;` and `,` are, inside a string.
            prop_assert!(!into_name, "the name {:?} was accepted", name);
            prop_assert!(matches!(hostile, ";" | ","), "{:?} was accepted", url);
            prop_assert!(
                url.bytes().all(|b| b.is_ascii_graphic() && b != b'"'),
                "the URL {:?} was accepted",
                url
            );
            match expected.iter_mut().find(|(e, _)| e == name) {
                Some(existing) => existing.1 = url.to_owned(),
                None => expected.push((name.to_owned(), url.to_owned())),
            }
            let printed = endpoints.to_string();
            prop_assert!(visible(printed.as_bytes()), "unsafe output {:?}", printed);
            prop_assert_eq!(sf_strings(&printed), Some(expected), "for {:?}", printed);
            let map = send(&SecurityHeaders::empty().reporting_endpoints(endpoints))?;
            prop_assert_eq!(map["reporting-endpoints"].to_str().unwrap(), printed);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Report URIs: `ReportEndpoint::at`, `with_default_report_uri`, and each directive's values.
// ---------------------------------------------------------------------------------------------

/// The character `Value::parse` stops at: not visible ASCII, or a separator.
fn value_breaker(hostile: &str) -> Option<char> {
    hostile
        .chars()
        .find(|&c| !c.is_ascii_graphic() || c == ';' || c == ',')
}

/// A report URI (or report endpoint path) as the crate accepted it, added to a policy and sent.
fn check_report_uri_added(uri: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        uri.bytes()
            .all(|b| b.is_ascii_graphic() && b != b';' && b != b','),
        "{:?} was accepted",
        uri
    );
    let base: ContentSecurityPolicy = "default-src 'self'; img-src data:".parse().unwrap();
    let headers = SecurityHeaders::empty()
        .content_security_policy(base.clone())
        .with_default_report_uri(uri)
        .map_err(|e| TestCaseError::fail(format!("{uri:?} refused now: {e}")))?;
    let policy = headers.csp().unwrap();
    prop_assert_eq!(policy.directives().len(), base.directives().len() + 1);
    check_csp_printed(policy)?;
    let map = send(&headers)?;
    let expected = format!("{}; report-uri {uri}", base.as_str());
    prop_assert_eq!(
        map["content-security-policy"].to_str().unwrap(),
        expected.as_str()
    );
    Ok(())
}

fn check_default_report_uri(text: &str, hostile: &str) -> Result<(), TestCaseError> {
    let base: ContentSecurityPolicy = "default-src 'self'".parse().unwrap();
    match base.with_default_report_uri(text) {
        Err(kind) => {
            clear(&kind)?;
            if let Some(c) = value_breaker(hostile) {
                prop_assert_eq!(kind, CspErrorKind::InvalidCharacter(c));
            }
        }
        Ok(policy) => {
            prop_assert!(value_breaker(hostile).is_none(), "{:?} was accepted", text);
            check_csp_printed(&policy)?;
            check_report_uri_added(text)?;
        }
    }
    Ok(())
}

#[cfg(feature = "reports")]
fn check_report_endpoint(path: &str, hostile: &str) -> Result<(), TestCaseError> {
    use secure_core::report::ReportEndpoint;
    match ReportEndpoint::at(path) {
        Err(kind) => {
            clear(&kind)?;
            if let Some(c) = value_breaker(hostile) {
                prop_assert_eq!(kind, CspErrorKind::InvalidCharacter(c), "for {:?}", path);
            }
        }
        Ok(endpoint) => {
            prop_assert!(value_breaker(hostile).is_none(), "{:?} was accepted", path);
            prop_assert_eq!(endpoint.path(), path);
            check_report_uri_added(endpoint.path())?;
        }
    }
    Ok(())
}

/// A valid value of each directive that has values.
fn directive_values() -> Vec<(DirectiveName, &'static str)> {
    DirectiveName::ALL
        .iter()
        .filter_map(|&name| {
            let value = match name.grammar() {
                ValueGrammar::SourceList => "https://cdn.example.com/x",
                ValueGrammar::SandboxFlags => "allow-scripts",
                ValueGrammar::Empty => return None,
                ValueGrammar::ReportUris => "/csp-report",
                ValueGrammar::ReportEndpoint => "csp",
                ValueGrammar::TrustedTypesSinks => "'script'",
                ValueGrammar::TrustedTypesPolicies => "app-policy",
                ValueGrammar::WebRtc => "'block'",
            };
            Some((name, value))
        })
        .collect()
}

/// One value, as `Value::parse` and the shared validator `csp::build` (which the macros use)
/// read it.
fn check_value(name: DirectiveName, text: &str, hostile: &str) -> Result<(), TestCaseError> {
    match Value::parse(name, text) {
        Err(kind) => {
            clear(&kind)?;
            if let Some(c) = value_breaker(hostile) {
                prop_assert_eq!(kind, CspErrorKind::InvalidCharacter(c), "for {:?}", text);
            }
        }
        Ok(value) => {
            prop_assert!(value_breaker(hostile).is_none(), "{:?} was accepted", text);
            let printed = value.to_string();
            prop_assert!(
                printed
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b';' && b != b','),
                "{:?} printed as {:?}",
                text,
                printed
            );
        }
    }
    let written = secure_core::csp::build::WrittenDirective {
        name: Cow::Borrowed(name.as_str()),
        name_at: 0,
        values: vec![(Cow::Borrowed(text), 1)],
    };
    if let Ok(policy) = secure_core::csp::build::build(None, [written], 0) {
        check_csp_printed(&policy)?;
        prop_assert_eq!(policy.directives().len(), 1);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Origins, hosts, proxies and the HTTPS redirect.
// ---------------------------------------------------------------------------------------------

fn origin_text() -> impl Strategy<Value = String> {
    "(https|http|wss)://[a-z]{1,8}(\\.[a-z]{1,8}){0,2}(:[1-9][0-9]{1,3})?"
        .prop_filter("a valid origin", |o| o.parse::<Origin>().is_ok())
}

fn host_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,8}(\\.[a-z0-9-]{1,8}){0,2}(:[1-9][0-9]{0,3})?",
        1 => Just("10.0.0.5:8080".to_owned()),
        1 => Just("[::1]:8080".to_owned()),
        1 => Just("[2001:db8::1]".to_owned()),
    ]
}

fn proxy_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<std::net::Ipv4Addr>().prop_map(|a| a.to_string()),
        any::<std::net::Ipv6Addr>().prop_map(|a| a.to_string()),
        (any::<u32>(), 0..=32u32).prop_map(|(a, p)| {
            let network = a & u32::MAX.checked_shl(32 - p).unwrap_or(0);
            format!("{}/{p}", std::net::Ipv4Addr::from(network))
        }),
        select(vec!["10.0.0.0/8", "fd00::/8", "192.0.2.7", "::1"]).prop_map(str::to_owned),
    ]
}

fn path_text() -> impl Strategy<Value = String> {
    "/[a-zA-Z0-9/_.?=&%-]{0,20}"
}

fn check_origin(text: &str) -> Result<(), TestCaseError> {
    match text.parse::<Origin>() {
        Ok(origin) => prop_assert!(false, "{:?} was accepted as {:?}", text, origin),
        Err(error) => clear(&error)?,
    }
    Ok(())
}

fn check_proxy(text: &str) -> Result<(), TestCaseError> {
    match text.parse::<TrustedProxy>() {
        Ok(proxy) => prop_assert!(false, "{:?} was accepted as {}", text, proxy),
        Err(error) => clear(&error)?,
    }
    Ok(())
}

/// A hostile host: no allowed-host pattern, no match, no redirect.
fn check_host(pattern_text: &str) -> Result<(), TestCaseError> {
    match AllowedHosts::new([pattern_text]) {
        Ok(_) => prop_assert!(false, "the pattern {:?} was accepted", pattern_text),
        Err(error) => clear(&error)?,
    }
    let hosts = AllowedHosts::new(["app.example", "*.app.example", "[::1]"]).unwrap();
    prop_assert!(!hosts.allows(pattern_text));
    let request = TransportRequest {
        host: Some(pattern_text),
        path_and_query: "/",
        ..TransportRequest::default()
    };
    let invalid = TransportDecision::Reject(TransportRejection::InvalidHost);
    prop_assert_eq!(hosts.decide(&request), invalid.clone());
    prop_assert_eq!(HttpsRedirect::new().decide(&request), invalid.clone());
    // The same host as the bytes of a `Host` header.
    let from_header = request_host(None, [pattern_text.as_bytes()]);
    let request = TransportRequest {
        host: from_header,
        ..request
    };
    prop_assert_eq!(HttpsRedirect::new().decide(&request), invalid);
    Ok(())
}

/// The `Location` of a redirect for a hostile path: the host as given, lowercase, then the
/// path with every byte that is not visible ASCII percent-encoded.
fn check_redirect(host: &str, path: &str) -> Result<(), TestCaseError> {
    let request = TransportRequest {
        host: Some(host),
        path_and_query: path,
        ..TransportRequest::default()
    };
    let location = match HttpsRedirect::new().https_port(8443).decide(&request) {
        TransportDecision::Redirect(location) => location,
        other => return Err(TestCaseError::fail(format!("{other:?} for {path:?}"))),
    };
    prop_assert!(
        location.bytes().all(|b| b.is_ascii_graphic()),
        "{:?}",
        location
    );
    prop_assert!(http::HeaderValue::from_str(&location).is_ok());
    let name = match host.strip_prefix('[') {
        Some(_) => &host[..=host.find(']').unwrap()],
        None => host.split(':').next().unwrap(),
    };
    let mut expected = format!("https://{}:8443", name.to_ascii_lowercase());
    if path.starts_with('/') {
        for byte in path.bytes() {
            if byte.is_ascii_graphic() {
                expected.push(char::from(byte));
            } else {
                expected.push_str(&format!("%{byte:02X}"));
            }
        }
    } else {
        expected.push('/');
    }
    prop_assert_eq!(location, expected);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The shared validator of Permissions-Policy, as the macro calls it.
// ---------------------------------------------------------------------------------------------

fn check_permissions_build(feature: &str, member: &str, quoted: bool) -> Result<(), TestCaseError> {
    let written = [WrittenFeature {
        name: feature,
        name_at: 0,
        allowlist: WrittenAllowlist::List(vec![(
            if quoted {
                WrittenMember::Quoted(member)
            } else {
                WrittenMember::Token(member)
            },
            1,
        )]),
    }];
    match secure_core::permissions::build(&written, 0) {
        Ok(policy) => prop_assert!(
            false,
            "{:?}={:?} was accepted as {:?}",
            feature,
            member,
            policy.as_str()
        ),
        Err(errors) => {
            prop_assert!(!errors.is_empty());
            for (kind, _) in errors {
                clear(&kind)?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The properties: one random injection per case.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn csp_from_str(valid in csp_text(), at in any::<Index>(), hostile in hostile()) {
        let (text, i) = inject(&valid, at, hostile);
        check_csp(&valid, &text, i, hostile)?;
    }

    #[test]
    fn hsts_from_str(valid in select(HSTS_CORPUS), at in any::<Index>(), hostile in hostile()) {
        let (text, i) = inject(valid, at, hostile);
        check_hsts(valid, &text, i, hostile)?;
    }

    #[test]
    fn permissions_from_str(valid in permissions_text(), at in any::<Index>(), hostile in hostile()) {
        let (text, i) = inject(&valid, at, hostile);
        check_permissions(&valid, &text, i, hostile)?;
    }

    #[test]
    fn reporting_endpoints_endpoint(
        base in vec((endpoint_name(), endpoint_url()), 0..3),
        name in endpoint_name(),
        url in endpoint_url(),
        into_name in any::<bool>(),
        at in any::<Index>(),
        hostile in hostile(),
    ) {
        if into_name {
            let (name, _) = inject(&name, at, hostile);
            check_reporting(&base, &name, &url, true, hostile)?;
        } else {
            let (url, _) = inject(&url, at, hostile);
            check_reporting(&base, &name, &url, false, hostile)?;
        }
    }

    #[test]
    fn default_report_uri(uri in endpoint_url(), at in any::<Index>(), hostile in hostile()) {
        let (text, _) = inject(&uri, at, hostile);
        check_default_report_uri(&text, hostile)?;
    }

    #[test]
    fn directive_values_and_the_shared_validator(
        (name, value) in select(directive_values()),
        at in any::<Index>(),
        hostile in hostile(),
    ) {
        let (text, _) = inject(value, at, hostile);
        check_value(name, &text, hostile)?;
    }

    #[test]
    fn origin_from_str(origin in origin_text(), at in any::<Index>(), hostile in hostile()) {
        let (text, _) = inject(&origin, at, hostile);
        check_origin(&text)?;
        // The same text as a Permissions-Policy origin, through the macros' validator.
        check_permissions_build("geolocation", &text, true)?;
    }

    #[test]
    fn trusted_proxy_from_str(proxy in proxy_text(), at in any::<Index>(), hostile in hostile()) {
        let (text, _) = inject(&proxy, at, hostile);
        check_proxy(&text)?;
    }

    #[test]
    fn allowed_hosts_and_redirect_hosts(host in host_text(), at in any::<Index>(), hostile in hostile()) {
        let (text, _) = inject(&host, at, hostile);
        check_host(&text)?;
    }

    #[test]
    fn redirect_paths(host in host_text(), path in path_text(), at in any::<Index>(), hostile in hostile()) {
        let (path, _) = inject(&path, at, hostile);
        check_redirect(&host, &path)?;
    }

    #[test]
    fn permissions_build_tokens_and_names(
        at in any::<Index>(),
        hostile in hostile(),
        which in 0..3u8,
    ) {
        match which {
            0 => check_permissions_build(&inject("camera", at, hostile).0, "self", false)?,
            1 => check_permissions_build("camera", &inject("self", at, hostile).0, false)?,
            _ => check_permissions_build("camera", &inject("src", at, hostile).0, false)?,
        }
    }
}

#[cfg(feature = "reports")]
proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn report_endpoint_at(path in "/[a-z0-9/_.-]{0,20}", at in any::<Index>(), hostile in hostile()) {
        let (text, _) = inject(&path, at, hostile);
        check_report_endpoint(&text, hostile)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Every place of a fixed corpus.
// ---------------------------------------------------------------------------------------------

/// Runs `check` and panics with its message.
fn run(check: Result<(), TestCaseError>) {
    if let Err(error) = check {
        panic!("{error}");
    }
}

/// How many injections of each hostile string an API accepted, of how many.
#[derive(Default)]
struct Tally(Vec<(&'static str, usize, usize)>);

impl Tally {
    fn count(&mut self, hostile: &'static str, accepted: bool) {
        let at = match self.0.iter().position(|(h, _, _)| *h == hostile) {
            Some(at) => at,
            None => {
                self.0.push((hostile, 0, 0));
                self.0.len() - 1
            }
        };
        self.0[at].1 += usize::from(accepted);
        self.0[at].2 += 1;
    }

    /// Prints the counts, and returns the hostile strings accepted somewhere.
    fn report(&self, api: &str) -> Vec<&'static str> {
        let total: usize = self.0.iter().map(|t| t.2).sum();
        let accepted: Vec<String> = self
            .0
            .iter()
            .filter(|t| t.1 > 0)
            .map(|(h, a, n)| format!("{h:?} {a}/{n}"))
            .collect();
        eprintln!(
            "{api}: {total} injections, accepted: {}",
            accepted.join(", ")
        );
        self.0.iter().filter(|t| t.1 > 0).map(|t| t.0).collect()
    }
}

#[test]
fn every_place_of_a_policy() {
    let mut tally = Tally::default();
    // Without `script-src`, so that `; script-src *` can be legal.
    let valid = csp_directives()
        .into_iter()
        .filter(|d| !d.starts_with("script-src"))
        .collect::<Vec<_>>()
        .join("; ");
    for (text, at, hostile) in every_injection(&valid) {
        run(check_csp(&valid, &text, at, hostile));
        tally.count(hostile, text.parse::<ContentSecurityPolicy>().is_ok());
    }
    let accepted = tally.report("ContentSecurityPolicy::from_str");
    // Where the grammar has a place for them: a separator, whitespace, a report URI's `"`.
    for hostile in &accepted {
        assert!(
            [";", "\t", "\"", "; script-src *"].contains(hostile),
            "{hostile:?}"
        );
    }
    assert!(accepted.contains(&";") && accepted.contains(&"; script-src *"));

    let mut tally = Tally::default();
    for &valid in HSTS_CORPUS {
        for (text, at, hostile) in every_injection(valid) {
            run(check_hsts(valid, &text, at, hostile));
            tally.count(hostile, text.parse::<StrictTransportSecurity>().is_ok());
        }
    }
    tally.report("StrictTransportSecurity::from_str");

    let mut tally = Tally::default();
    let valid = PERMISSIONS_FEATURES[1..].join(", ");
    for (text, at, hostile) in every_injection(&valid) {
        run(check_permissions(&valid, &text, at, hostile));
        tally.count(hostile, text.parse::<PermissionsPolicy>().is_ok());
    }
    let accepted = tally.report("PermissionsPolicy::from_str");
    assert!(accepted.contains(&"\t") && accepted.contains(&", camera=*"));
}

#[test]
fn every_place_of_a_reporting_endpoint() {
    let base = [("default".to_owned(), "https://r.example/all".to_owned())];
    let endpoint = |name: &str, url: &str| ReportingEndpoints::new().endpoint(name, url).is_ok();
    let mut tally = Tally::default();
    for (name, _, hostile) in every_injection("csp-endpoint") {
        run(check_reporting(&base, &name, "/r", true, hostile));
        tally.count(hostile, endpoint(&name, "/r"));
    }
    assert!(
        tally
            .report("ReportingEndpoints::endpoint (name)")
            .is_empty()
    );
    let mut tally = Tally::default();
    for (url, _, hostile) in every_injection("https://reports.example.com/csp?a=1") {
        run(check_reporting(&base, "csp", &url, false, hostile));
        tally.count(hostile, endpoint("csp", &url));
    }
    assert_eq!(
        tally.report("ReportingEndpoints::endpoint (URL)"),
        [";", ","]
    );

    let mut uris = Tally::default();
    #[cfg_attr(not(feature = "reports"), allow(unused_mut))]
    let mut paths = Tally::default();
    let policy: ContentSecurityPolicy = "default-src 'self'".parse().unwrap();
    for (uri, _, hostile) in every_injection("/csp-report") {
        run(check_default_report_uri(&uri, hostile));
        uris.count(hostile, policy.with_default_report_uri(&uri).is_ok());
        #[cfg(feature = "reports")]
        {
            run(check_report_endpoint(&uri, hostile));
            paths.count(
                hostile,
                secure_core::report::ReportEndpoint::at(&uri).is_ok(),
            );
        }
    }
    uris.report("ContentSecurityPolicy::with_default_report_uri");
    paths.report("ReportEndpoint::at");

    let mut tally = Tally::default();
    for (name, value) in directive_values() {
        for (text, _, hostile) in every_injection(value) {
            run(check_value(name, &text, hostile));
            tally.count(hostile, Value::parse(name, &text).is_ok());
        }
    }
    tally.report("Value::parse, every directive");
}

#[test]
fn every_place_of_an_origin_host_and_path() {
    for origin in ["https://app.example.com:8443", "http://[::1]:3000"] {
        for (text, _, _) in every_injection(origin) {
            run(check_origin(&text));
            run(check_permissions_build("geolocation", &text, true));
        }
    }
    for proxy in ["10.0.0.0/8", "fd00::/8", "192.0.2.7"] {
        for (text, _, _) in every_injection(proxy) {
            run(check_proxy(&text));
        }
    }
    for host in ["app.example:8080", "*.app.example", "[::1]:8080"] {
        for (text, _, _) in every_injection(host) {
            run(check_host(&text));
        }
    }
    for (path, _, _) in every_injection("/search?q=1&r=%20") {
        run(check_redirect("App.Example:8080", &path));
        run(check_redirect("[::1]", &path));
    }
}

/// Hashes of hostile script text are base64 in quotes, whatever the text.
#[test]
fn hash_sources_of_hostile_text() {
    for &algorithm in HashAlgorithm::ALL {
        for (content, _, _) in every_injection("alert('x')") {
            let source = algorithm.hash_source(&content);
            let digest = source
                .strip_prefix(&format!("'{}-", algorithm.name()))
                .and_then(|s| s.strip_suffix('\''))
                .unwrap();
            assert!(
                digest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
                "{source}"
            );
            assert!(Value::parse(DirectiveName::ScriptSrc, &source).is_ok());
        }
    }
}

/// An HSTS unit with a hostile character is refused (the macro's `max-age: 1 year`).
#[test]
fn hsts_units() {
    for (unit, _, _) in every_injection("days") {
        let error = max_age_seconds(1, &unit).unwrap_err();
        run(clear(&error));
    }
}

// ---------------------------------------------------------------------------------------------
// Nonces and CSRF tokens: only their alphabet.
// ---------------------------------------------------------------------------------------------

fn base64(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

#[cfg(feature = "csrf")]
fn base64url(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[test]
fn nonces_are_base64_and_reach_the_header_intact() {
    for _ in 0..2000 {
        let nonce = CspNonce::generate();
        let text = nonce.as_str();
        assert_eq!(text.len(), 24, "{text}");
        assert!(base64(&text[..22]) && &text[22..] == "==", "{text}");
        assert_eq!(nonce.to_string(), text);
    }
    let nonce = CspNonce::generate();
    let mut map = HeaderMap::new();
    SecurityHeaders::strict().apply_with_nonce(&mut map, &nonce);
    run(check_map(&map));
    let csp = map["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains(&format!("'nonce-{}'", nonce.as_str())),
        "{csp}"
    );
}

#[cfg(feature = "csrf")]
mod csrf {
    use super::*;
    use secure_core::csrf::{
        CsrfKey, CsrfKeys, CsrfProtection, CsrfRequest, CsrfSession, Decision, RequestHeaders,
    };

    fn session(protection: &CsrfProtection, cookies: &[&[u8]]) -> CsrfSession {
        let request = CsrfRequest {
            headers: RequestHeaders {
                method: "GET",
                ..RequestHeaders::default()
            },
            path: "/",
            cookies: cookies.iter().copied(),
            token_header: None,
            content_type: None,
            content_length: None,
        };
        match protection.decide(request) {
            Decision::Pass(Some(session)) => session,
            other => panic!("{other:?}"),
        }
    }

    /// `name=<86 base64url>` and the attributes, nothing else.
    fn check_set_cookie(cookie: &str, name: &str, lax: bool, secure: bool) {
        assert!(http::HeaderValue::from_str(cookie).is_ok(), "{cookie:?}");
        assert!(visible(cookie.as_bytes()), "{cookie:?}");
        let mut parts = cookie.split("; ");
        let (cookie_name, value) = parts.next().unwrap().split_once('=').unwrap();
        assert_eq!(cookie_name, name);
        assert_eq!(value.len(), 86, "{cookie:?}");
        assert!(base64url(value), "{cookie:?}");
        let mut attributes: Vec<&str> = parts.collect();
        attributes.sort_unstable();
        let mut expected = vec![
            "HttpOnly",
            "Path=/",
            if lax {
                "SameSite=Lax"
            } else {
                "SameSite=Strict"
            },
        ];
        if secure {
            expected.push("Secure");
        }
        expected.sort_unstable();
        assert_eq!(attributes, expected, "{cookie:?}");
    }

    #[test]
    fn cookies_and_tokens_are_base64url_whatever_the_request_sends() {
        let retired = CsrfKey::from_bytes(&[1; 32]).unwrap();
        let keys = CsrfKeys::new(CsrfKey::generate()).accept(retired.clone());
        let old = CsrfKeys::new(retired).new_cookie_value().1;
        let resigned = format!("__Host-csrf={old}");
        let mut hostile_cookies: Vec<String> = HOSTILE
            .iter()
            .map(|h| format!("__Host-csrf=a{h}b; other={h}"))
            .collect();
        hostile_cookies.push(resigned.clone());
        for (lax, development) in [(false, false), (true, false), (false, true)] {
            let mut protection = CsrfProtection::new().tokens(keys.clone());
            if lax {
                protection = protection.lax_cookie();
            }
            if development {
                protection = protection.development_cookie();
            }
            let name = protection.cookie_name();
            for cookie in &hostile_cookies {
                let cookie = cookie.replace("__Host-csrf", name);
                let session = session(&protection, &[cookie.as_bytes(), b"\xff\xfe\r\n"]);
                let set_cookie = session.set_cookie().expect("a new or resealed cookie");
                check_set_cookie(set_cookie, name, lax, !development);
                for _ in 0..20 {
                    let token = session.token();
                    assert_eq!(token.as_str().len(), 86);
                    assert!(base64url(token.as_str()), "{}", token.as_str());
                }
            }
        }
        for _ in 0..500 {
            let (_, value) = keys.new_cookie_value();
            assert!(value.len() == 86 && base64url(&value), "{value}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy with `report-to`.
// ---------------------------------------------------------------------------------------------

/// Reads `text` as the header `H`: refused with a clear message and an offset inside the text
/// on a character boundary, or accepted and printed as visible ASCII that reads back the same,
/// the value one of the header's and the endpoint one `Reporting-Endpoints` can declare, and
/// sent as printed.
fn check_isolation<H>(text: &str) -> Result<bool, TestCaseError>
where
    H: std::str::FromStr<Err = secure_core::headers::HeaderValueError>
        + secure_core::headers::SecurityHeader
        + std::fmt::Display
        + PartialEq
        + std::fmt::Debug,
{
    match text.parse::<H>() {
        Err(error) => {
            clear(&error)?;
            if let Some(at) = error.offset() {
                prop_assert!(at <= text.len() && text.is_char_boundary(at), "{:?}", error);
            }
            Ok(false)
        }
        Ok(header) => {
            let printed = header.to_string();
            prop_assert!(visible(printed.as_bytes()), "unsafe output {:?}", printed);
            let again = printed.parse::<H>();
            prop_assert_eq!(again.as_ref(), Ok(&header));
            let endpoint = printed
                .split_once("; report-to=\"")
                .map(|(_, rest)| rest.trim_end_matches('"'));
            let mut endpoints = ReportingEndpoints::new();
            if let Some(name) = endpoint {
                endpoints = endpoints
                    .endpoint(name, "/r")
                    .map_err(|e| TestCaseError::fail(format!("{printed:?} names {name:?}: {e}")))?;
            }
            let headers = SecurityHeaders::empty()
                .reporting_endpoints(endpoints)
                .header(header);
            prop_assert_eq!(headers.check(), Ok(()));
            let map = send(&headers)?;
            prop_assert_eq!(map[H::NAME].to_str().unwrap(), printed.as_str());
            Ok(true)
        }
    }
}

#[test]
fn every_place_of_a_cross_origin_isolation_header() {
    use secure_core::headers::{
        CrossOriginEmbedderPolicy, CrossOriginOpenerPolicy, ReportOnly, Reported,
    };
    let mut tally = Tally::default();
    for (text, _, hostile) in every_injection(r#"same-origin; report-to="isolation""#) {
        let accepted = check_isolation::<Reported<CrossOriginOpenerPolicy>>(&text);
        run(accepted.clone().map(|_| ()));
        tally.count(hostile, accepted.unwrap());
    }
    // A tab around the whole value; a `"`, `;` or `,` nowhere (the item holds one value, its
    // one parameter is `report-to`).
    assert_eq!(
        tally.report("Reported<CrossOriginOpenerPolicy>::from_str"),
        ["\t"]
    );
    let mut tally = Tally::default();
    for (text, _, hostile) in every_injection(r#"require-corp;report-to="coep-1""#) {
        let accepted = check_isolation::<ReportOnly<CrossOriginEmbedderPolicy>>(&text);
        run(accepted.clone().map(|_| ()));
        tally.count(hostile, accepted.unwrap());
    }
    assert_eq!(
        tally.report("ReportOnly<CrossOriginEmbedderPolicy>::from_str"),
        ["\t"]
    );
    // The endpoint given in code: the same names as `ReportingEndpoints` takes.
    for (name, _, hostile) in every_injection("isolation") {
        let made = CrossOriginOpenerPolicy::SameOrigin.report_to(&name);
        assert_eq!(
            made.is_ok(),
            ReportingEndpoints::new().endpoint(&name, "/r").is_ok(),
            "{name:?}"
        );
        assert!(made.is_err(), "{hostile:?} in {name:?} was accepted");
        run(clear(made.unwrap_err()));
    }
}

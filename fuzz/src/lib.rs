//! What each fuzz target checks, as plain functions of the fuzzer's bytes.
//!
//! The targets in `fuzz_targets/` are one line each: they hand their input to a function
//! here. The same functions replay the seeds and every input a fuzzer ever found
//! (`fuzz/regressions/`) in the workspace's ordinary test run (`tests/fuzz_replay.rs`
//! includes this file), so a crash found once stays fixed without a nightly toolchain.
//!
//! Each function panics when a property is broken, not only when the library panics: an
//! accepted policy must print header-safe text that parses back to itself, a cookie is
//! accepted exactly when an independent restatement of the signature scheme says so, and
//! so on. Everything from the network arrives as arbitrary bytes.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use secure_core::csrf::{
    CsrfKey, CsrfKeys, CsrfProtection, CsrfRejection, CsrfRequest, Decision, OriginCheck,
    RequestHeaders,
};
use secure_core::hsts;
use secure_core::permissions::{self, PermissionsPolicy};
use secure_core::report::{
    ReportBody, ReportData, ReportEndpoint, parse_all_reports, parse_reports,
};
use secure_core::transport::{
    AllowedHosts, HttpsRedirect, TransportDecision, TransportRejection, TransportRequest,
    request_host,
};
use secure_core::{ContentSecurityPolicy, SecurityHeaders, StrictTransportSecurity};
use sha2::Sha256;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A target's check: panics when a property is broken.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name, as `fuzz/run.sh` and the replay test know them.
pub const TARGETS: &[(&str, Check)] = &[
    ("csp_parse", csp_parse),
    ("hsts_parse", hsts_parse),
    ("permissions_parse", permissions_parse),
    ("integrity_parse", integrity_parse),
    ("isolation_parse", isolation_parse),
    ("report_body", report_body),
    ("csrf_token", csrf_token),
    ("csrf_request", csrf_request),
    ("transport", transport),
];

/// Whether `value` can be sent as a header value as it is: visible ASCII and spaces, not
/// starting or ending with a space. No CR, LF, NUL, other controls, DEL or non-ASCII byte.
pub fn is_header_safe(value: &str) -> bool {
    value.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
        && !value.starts_with(' ')
        && !value.ends_with(' ')
}

fn assert_header_safe(what: &str, value: &str) {
    assert!(
        is_header_safe(value),
        "{what} is not header-safe: {value:?}"
    );
    assert!(
        http::HeaderValue::from_str(value).is_ok(),
        "{what} is refused by http: {value:?}"
    );
}

/// A parsed value prints text that is safe, parses back to an equal value, and prints the
/// same again. A refused one has an error offset inside the input, on a character boundary,
/// and a message.
fn check_round_trip<T, E>(what: &str, input: &str, offset: impl Fn(&E) -> usize)
where
    T: FromStr<Err = E> + ToString + PartialEq + std::fmt::Debug,
    E: std::fmt::Display,
{
    match input.parse::<T>() {
        Ok(value) => {
            let printed = value.to_string();
            assert_header_safe(what, &printed);
            let again: T = printed
                .parse()
                .unwrap_or_else(|e| panic!("{what} {printed:?} printed from {input:?}: {e}"));
            assert_eq!(again, value, "{what} changed by printing: {input:?}");
            assert_eq!(again.to_string(), printed, "{what} printing is not stable");
        }
        Err(error) => {
            let at = offset(&error);
            assert!(
                at <= input.len() && input.is_char_boundary(at),
                "{what} error offset {at} outside {input:?}"
            );
            assert!(!error.to_string().is_empty());
        }
    }
}

/// Runtime CSP parsing: total, and whatever it accepts is safe, stable, lintable and can be
/// sent (with a nonce, when it asks for one).
pub fn csp_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_round_trip::<ContentSecurityPolicy, _>("CSP", text, |e| e.offset());
    if let Ok(policy) = text.parse::<ContentSecurityPolicy>() {
        let _ = policy.lint();
        for directive in policy.directives() {
            assert!(!directive.name().as_str().is_empty());
        }
        let headers = SecurityHeaders::empty().content_security_policy(policy);
        let mut map = http::HeaderMap::new();
        headers.apply_with_nonce(&mut map, &secure_core::CspNonce::generate());
        for value in map.values() {
            assert_header_safe("applied CSP", value.to_str().expect("visible ASCII"));
        }
    }
    check_analysis(text);
}

/// `csp::analyze` on any text: spans inside it, safe policies that read back the same and
/// send safely; what the strict list parser accepts (without `'nonce'`) is read the same
/// with no finding.
fn check_analysis(text: &str) {
    use secure_core::csp::{Effect, PolicyList, analyze};
    let analysis = analyze(text);
    for finding in analysis.findings() {
        let span = finding.span();
        assert!(
            span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end),
            "span {span:?} in {text:?}"
        );
    }
    for analyzed in analysis.policies() {
        let printed = analyzed.policy().as_str();
        assert_header_safe("analyzed CSP", printed);
        let again = analyze(printed);
        assert_eq!(again.policies().len(), 1, "{printed:?}");
        assert_eq!(
            again.policies()[0].policy(),
            analyzed.policy(),
            "{printed:?}"
        );
        for finding in again.findings() {
            assert!(
                matches!(
                    finding.effect(),
                    Effect::ReadAsHost | Effect::LiteralNonce | Effect::EnforcedAsWritten
                ),
                "{finding} on reading {printed:?} again"
            );
        }
    }
    // A literal nonce read from the text is never sent: a fresh one takes its place.
    if let Some(list) = analysis.to_policy_list() {
        let literal: Vec<String> = list
            .policies()
            .iter()
            .flat_map(|p| p.directives())
            .flat_map(|d| d.values())
            .filter_map(|v| match v.kind() {
                secure_core::csp::ValueKind::LiteralNonce(n) => Some(format!("'nonce-{n}'")),
                _ => None,
            })
            .collect();
        let headers = SecurityHeaders::empty().content_security_policies(list);
        let mut map = http::HeaderMap::new();
        headers.apply(&mut map);
        for value in map.values() {
            let value = value.to_str().expect("visible ASCII");
            assert_header_safe("sent analyzed CSP", value);
            for nonce in &literal {
                assert!(!value.contains(nonce.as_str()), "{nonce} sent in {value:?}");
            }
        }
    }
    if let Ok(strict) = text.parse::<PolicyList>()
        && strict.policies().iter().all(|p| !p.needs_nonce())
    {
        assert_eq!(analysis.findings(), &[], "{text:?}");
        assert_eq!(analysis.to_policy_list(), Some(strict), "{text:?}");
    }
}

/// Runtime HSTS parsing: total, safe, stable; what it accepts obeys the preload rules.
/// `analyze` enforces what RFC 6797 section 6.1, restated here, says browsers enforce, and
/// agrees with `FromStr`: the same value when it accepts, otherwise its error is the first
/// finding that carries one.
pub fn hsts_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_round_trip::<StrictTransportSecurity, _>("HSTS", text, |e| e.offset());
    if let Ok(hsts) = text.parse::<StrictTransportSecurity>() {
        let printed = hsts.to_string();
        if printed.contains("preload") {
            assert!(printed.contains("includeSubDomains"), "{printed}");
            let age: u64 = printed["max-age=".len()..]
                .split(';')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("max-age first");
            assert!(age >= 31_536_000, "preload with max-age {age}");
        }
    }

    let analysis = hsts::analyze(text);
    let enforced = analysis
        .policy()
        .map(|p| (p.max_age(), p.include_subdomains(), p.preload()));
    assert_eq!(enforced, oracle_hsts(text), "analyze {text:?}");
    for finding in analysis.findings() {
        assert!(
            text.get(finding.span()).is_some(),
            "{finding:?} in {text:?}"
        );
        assert!(!finding.to_string().is_empty());
        if let hsts::HstsFindingKind::UnknownDirective { name, .. } = finding.kind() {
            assert!(text[finding.span()].starts_with(name.as_str()));
        }
    }
    let first_error = analysis
        .findings()
        .iter()
        .find_map(|f| Some((f.kind().error()?.clone(), f.span().start)));
    match text.parse::<StrictTransportSecurity>() {
        Ok(hsts) => {
            assert_eq!(analysis.policy(), Some(hsts), "{text:?}");
            assert_eq!(first_error, None, "{text:?}");
        }
        Err(e) => assert_eq!(
            first_error,
            Some((e.kind().clone(), e.offset())),
            "{text:?}"
        ),
    }
}

/// RFC 6797 section 6.1 restated: `(max-age, includeSubDomains, preload)` as browsers enforce
/// them, or `None` when they ignore the header. Directives are split at each `;` outside a
/// quoted string; a name is a token, a value a token or a quoted string (an empty one is
/// refused, the stricter reading); unknown directives are skipped, a repeated `max-age` or
/// `includeSubDomains` or a value on the latter ignores the header, and `max-age` is digits,
/// clamped to `u32`. `preload` counts only as the preload list reads it: once, bare, with
/// `includeSubDomains` and a year.
fn oracle_hsts(text: &str) -> Option<(u32, bool, bool)> {
    fn is_token(text: &str) -> bool {
        !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    }
    /// The content of a quoted string that is the whole of `text`.
    fn quoted(text: &str) -> Option<String> {
        let inner = text.strip_prefix('"')?;
        let mut content = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return chars.as_str().is_empty().then_some(content),
                '\\' => content.push(chars.next()?),
                c => content.push(c),
            }
        }
        None
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_graphic() || c == ' ' || c == '\t')
    {
        return None;
    }
    let mut pieces = vec![String::new()];
    let (mut in_quotes, mut escaped) = (false, false);
    for c in text.chars() {
        let piece = pieces.last_mut().expect("one piece at least");
        match c {
            _ if escaped => {
                escaped = false;
                piece.push(c);
            }
            '\\' if in_quotes => {
                escaped = true;
                piece.push(c);
            }
            '"' => {
                in_quotes = !in_quotes;
                piece.push(c);
            }
            ';' if !in_quotes => pieces.push(String::new()),
            c => piece.push(c),
        }
    }
    if in_quotes {
        return None;
    }
    let (mut max_age, mut include_subdomains, mut preloads) = (None, None, Vec::new());
    for piece in &pieces {
        let piece = piece.trim_matches([' ', '\t']);
        if piece.is_empty() {
            continue;
        }
        let (name, value) = match piece.split_once('=') {
            Some((name, value)) => (
                name.trim_matches([' ', '\t']),
                Some(value.trim_matches([' ', '\t'])),
            ),
            None => (piece, None),
        };
        if !is_token(name) {
            return None;
        }
        let value = match value {
            None => None,
            Some(value) if is_token(value) => Some(value.to_owned()),
            Some(value) => Some(quoted(value)?),
        };
        match name.to_ascii_lowercase().as_str() {
            "max-age" => {
                let digits = value?;
                if max_age.is_some()
                    || digits.is_empty()
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                max_age = Some(digits.parse::<u32>().unwrap_or(u32::MAX));
            }
            "includesubdomains" => {
                if include_subdomains.is_some() || value.is_some() {
                    return None;
                }
                include_subdomains = Some(true);
            }
            "preload" => preloads.push(value.is_none()),
            _ => {}
        }
    }
    let max_age = max_age?;
    let include_subdomains = include_subdomains.unwrap_or(false);
    let preload = preloads == [true] && include_subdomains && max_age >= 31_536_000;
    Some((max_age, include_subdomains, preload))
}

/// Runtime Permissions-Policy parsing: total, safe, stable. `analyze` agrees with `FromStr`:
/// it accepts exactly when browsers enforce something and the only findings are `src` in a
/// list, and then reads the same policy without `src`. What `analyze` enforces is a policy
/// that `FromStr` accepts and that `analyze` reads back unchanged, without findings.
pub fn permissions_parse(data: &[u8]) {
    use permissions::PermissionsFindingKind as Kind;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_round_trip::<PermissionsPolicy, _>("Permissions-Policy", text, |e| e.offset());

    let analysis = permissions::analyze(text);
    for finding in analysis.findings() {
        assert!(
            text.get(finding.span()).is_some(),
            "{finding:?} in {text:?}"
        );
        assert!(!finding.to_string().is_empty());
    }
    if let [first, ..] = analysis.findings()
        && matches!(first.kind(), Kind::HeaderIgnored(_))
    {
        assert_eq!(analysis.findings().len(), 1, "{text:?}");
        assert_eq!(analysis.policy(), None, "{text:?}");
    }
    let only_src = analysis
        .findings()
        .iter()
        .all(|f| matches!(f.kind(), Kind::SrcInHeader));
    let parsed = text.parse::<PermissionsPolicy>();
    assert_eq!(
        parsed.is_ok(),
        only_src && analysis.policy().is_some(),
        "{text:?}: {parsed:?}, {analysis:?}"
    );
    if let Ok(policy) = &parsed {
        let mut without_src = policy.as_str().to_owned();
        for (src, none) in [(" src", ""), ("(src ", "("), ("(src)", "()")] {
            while without_src.contains(src) {
                without_src = without_src.replace(src, none);
            }
        }
        assert_eq!(
            analysis.policy().map(PermissionsPolicy::as_str),
            Some(without_src.as_str()),
            "{text:?}"
        );
    }
    if let Some(enforced) = analysis.policy() {
        assert_header_safe("enforced Permissions-Policy", enforced.as_str());
        let again = permissions::analyze(enforced.as_str());
        assert_eq!(again.policy(), Some(enforced), "{text:?}");
        assert_eq!(again.findings(), [], "{text:?}");
        assert_eq!(enforced.as_str().parse().as_ref(), Ok(enforced));
    }
}

/// Runtime Integrity-Policy parsing: the same round trip, and an accepted policy blocks a
/// destination, has a source, and names only endpoints `Reporting-Endpoints` can declare.
pub fn integrity_parse(data: &[u8]) {
    use secure_core::integrity::IntegrityPolicy;
    use secure_core::reporting::ReportingEndpoints;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_round_trip::<IntegrityPolicy, _>("Integrity-Policy", text, |e| e.offset());
    if let Ok(policy) = text.parse::<IntegrityPolicy>() {
        assert!(!policy.blocked_destinations().is_empty(), "{text:?}");
        assert!(!policy.sources().is_empty(), "{text:?}");
        let endpoints = policy
            .endpoints()
            .into_iter()
            .try_fold(ReportingEndpoints::new(), |all, name| {
                all.endpoint(name, "/reports")
            })
            .unwrap_or_else(|e| panic!("{text:?}: an endpoint name is refused: {e}"));
        assert_eq!(
            endpoints.check_integrity_policy("Integrity-Policy", &policy),
            Ok(())
        );
        let headers = SecurityHeaders::empty().integrity_policy(policy.clone());
        let mut map = http::HeaderMap::new();
        headers.apply(&mut map);
        assert_eq!(map["integrity-policy"], policy.as_str());
    }
}

/// Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy, enforced and report-only,
/// with `report-to` (the first byte picks the header, the rest is its text): the same round
/// trip, and an accepted value names only an endpoint `Reporting-Endpoints` can declare, passes
/// `SecurityHeaders::check` once that endpoint is declared and fails it while it is not, and
/// is sent as printed.
pub fn isolation_parse(data: &[u8]) {
    use secure_core::headers::{
        CrossOriginEmbedderPolicy, CrossOriginOpenerPolicy, ReportOnly, Reported,
    };
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match first % 4 {
        0 => isolation_value::<Reported<CrossOriginOpenerPolicy>>(text),
        1 => isolation_value::<Reported<CrossOriginEmbedderPolicy>>(text),
        2 => isolation_value::<ReportOnly<CrossOriginOpenerPolicy>>(text),
        _ => isolation_value::<ReportOnly<CrossOriginEmbedderPolicy>>(text),
    }
}

fn isolation_value<H>(text: &str)
where
    H: secure_core::headers::SecurityHeader
        + FromStr<Err = secure_core::headers::HeaderValueError>
        + ToString
        + PartialEq
        + Clone
        + std::fmt::Debug,
{
    use secure_core::reporting::ReportingEndpoints;
    check_round_trip::<H, _>(H::NAME, text, |e| e.offset().unwrap_or(0));
    let Ok(value) = text.parse::<H>() else {
        return;
    };
    let printed = value.to_string();
    let endpoint = value.report_to().map(|(_, endpoint)| endpoint.to_owned());
    let headers = SecurityHeaders::empty().header(value);
    if let Some(endpoint) = &endpoint {
        assert!(headers.check().is_err(), "{text:?}: undeclared endpoint");
        let declared = ReportingEndpoints::new()
            .endpoint(endpoint, "/reports")
            .unwrap_or_else(|e| panic!("{text:?}: the endpoint name is refused: {e}"));
        let headers = headers.clone().reporting_endpoints(declared);
        assert!(headers.check().is_ok(), "{text:?}: declared endpoint");
    } else {
        assert!(headers.check().is_ok(), "{text:?}");
    }
    let mut map = http::HeaderMap::new();
    headers.apply(&mut map);
    assert_eq!(map[H::NAME], printed.as_str(), "{text:?}");
}

/// The report endpoint on any body: never panics, answers 204 or 400 (413 past the limit),
/// and calls `on_report` once per report kept (the first 20 of an accepted body, of every
/// type) and `on_violation` once per CSP violation among them, never for a refused body.
/// The first byte picks the content type, the rest is the body.
pub fn report_body(data: &[u8]) {
    const TYPES: [Option<&str>; 6] = [
        Some("application/csp-report"),
        Some("application/reports+json"),
        Some("application/json; charset=utf-8"),
        Some("APPLICATION/REPORTS+JSON"),
        Some("text/plain"),
        None,
    ];
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let content_type = TYPES[usize::from(first) % TYPES.len()];
    let parsed = parse_all_reports(content_type, body);
    assert_eq!(
        parsed.as_ref().map(|reports| reports
            .iter()
            .filter(|r| matches!(r.body, ReportData::CspViolation(_)))
            .count()),
        parse_reports(content_type, body)
            .as_ref()
            .map(|violations| violations.len()),
        "the CSP-only reader sees the CSP violations of the full one"
    );
    let violations = std::sync::Arc::new(AtomicUsize::new(0));
    let reports = std::sync::Arc::new(AtomicUsize::new(0));
    let (violation_counter, report_counter) = (violations.clone(), reports.clone());
    let endpoint = ReportEndpoint::default()
        .with_body_limit(4096)
        .on_violation(move |violation| {
            let _ = violation.to_string();
            violation_counter.fetch_add(1, Ordering::Relaxed);
        })
        .on_report(move |report| {
            let _ = report.to_string();
            report_counter.fetch_add(1, Ordering::Relaxed);
        });
    let answer = endpoint.receive(true, content_type, ReportBody::Read(body));
    let violations = violations.load(Ordering::Relaxed);
    let reports = reports.load(Ordering::Relaxed);
    match parsed {
        Ok(parsed) => {
            assert_eq!(answer.status, 204);
            let kept = &parsed[..parsed.len().min(endpoint.max_reports_per_body())];
            assert_eq!(reports, kept.len(), "each report kept reaches on_report");
            let csp = kept
                .iter()
                .filter(|r| matches!(r.body, ReportData::CspViolation(_)))
                .count();
            assert_eq!(
                violations, csp,
                "each CSP violation kept reaches on_violation"
            );
        }
        Err(_) => {
            assert_eq!(answer.status, 400);
            assert_eq!(
                violations + reports,
                0,
                "a refused body reaches no callback"
            );
        }
    }
    // The early answer reads only the declared length, whatever bytes it is made of.
    let early = endpoint.answer_before_reading(true, content_type, Some(body));
    if let Some(answer) = early {
        assert_eq!(answer.status, 413);
        let declared: u64 = std::str::from_utf8(body).unwrap().trim().parse().unwrap();
        assert!(declared > 4096);
    }
}

const KEY_CURRENT: [u8; 32] = [0x11; 32];
const KEY_RETIRED: [u8; 32] = [0x22; 32];
const SECRET: [u8; 32] = [0x42; 32];

/// The cookie scheme restated: base64url without padding of the secret and
/// HMAC-SHA256(key, "secure.csrf.v1" || secret).
fn oracle_cookie(key: &[u8], secret: &[u8; 32]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(b"secure.csrf.v1");
    mac.update(secret);
    let mut bytes = secret.to_vec();
    bytes.extend_from_slice(&mac.finalize().into_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Canonical base64url without padding of exactly 64 bytes, or nothing.
fn oracle_decode(text: &str) -> Option<[u8; 64]> {
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    let bytes: [u8; 64] = bytes.try_into().ok()?;
    (URL_SAFE_NO_PAD.encode(bytes) == text).then_some(bytes)
}

fn keys() -> CsrfKeys {
    CsrfKeys::new(CsrfKey::from_bytes(&KEY_CURRENT).unwrap())
        .accept(CsrfKey::from_bytes(&KEY_RETIRED).unwrap())
}

/// Cookie opening and token matching against the restated scheme, both ways: the library
/// accepts an input exactly when the oracle does. The first byte picks cookie or token.
pub fn csrf_token(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let keys = keys();
    if mode % 2 == 0 {
        let opened = keys.open_cookie(text);
        let oracle = oracle_decode(text).and_then(|bytes| {
            let secret: [u8; 32] = bytes[..32].try_into().unwrap();
            let current = oracle_cookie(&KEY_CURRENT, &secret) == text;
            let retired = oracle_cookie(&KEY_RETIRED, &secret) == text;
            (current || retired).then_some((secret, current))
        });
        assert_eq!(opened.is_some(), oracle.is_some(), "cookie {text:?}");
        assert_eq!(
            keys.is_current(text),
            oracle.is_some_and(|(_, current)| current)
        );
        if let (Some(opened), Some((secret, _))) = (opened, oracle) {
            assert_eq!(keys.reseal(&opened), oracle_cookie(&KEY_CURRENT, &secret));
        }
    } else {
        let secret = keys
            .open_cookie(&oracle_cookie(&KEY_CURRENT, &SECRET))
            .expect("the oracle's cookie opens");
        let oracle = oracle_decode(text)
            .is_some_and(|bytes| (0..32).all(|i| bytes[i] ^ bytes[32 + i] == SECRET[i]));
        assert_eq!(secret.matches(text), oracle, "token {text:?}");
    }
}

/// A request's fields, cut from the fuzzer's bytes at 0xFF (a byte UTF-8 never holds).
struct FuzzRequest<'a> {
    flags: u8,
    fields: Vec<&'a [u8]>,
}

impl<'a> FuzzRequest<'a> {
    fn new(data: &'a [u8]) -> Option<Self> {
        let (&flags, rest) = data.split_first()?;
        Some(Self {
            flags,
            fields: rest.split(|&b| b == 0xFF).collect(),
        })
    }

    fn bytes(&self, index: usize) -> &'a [u8] {
        self.fields.get(index).copied().unwrap_or_default()
    }

    /// Field `index` as text when flag bit `index` is set (absent otherwise); bytes that
    /// are not UTF-8 make the header absent too, as the integrations read them.
    fn text(&self, index: usize) -> Option<&'a str> {
        if self.flags & (1 << (index % 8)) == 0 {
            return None;
        }
        std::str::from_utf8(self.bytes(index)).ok()
    }
}

const METHODS: [&str; 8] = [
    "GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH", "get",
];

/// The CSRF decision on arbitrary header combinations, against the rules restated: Go's
/// origin check, then a token that must match a validly signed cookie the browser sent.
/// Fields: method index, Sec-Fetch-Site, Origin, Host, path, Cookie, x-csrf-token,
/// Content-Type, body, and flags that splice in the genuine cookie or token.
pub fn csrf_request(data: &[u8]) {
    let Some(input) = FuzzRequest::new(data) else {
        return;
    };
    let method = METHODS[usize::from(input.bytes(0).first().copied().unwrap_or(0)) % 8];
    let allow_same_site = input.flags & 0x80 != 0;
    let trusted = "https://partner.example";
    let protection = CsrfProtection::new()
        .origin_check(
            OriginCheck::default()
                .trust(trusted.parse().unwrap())
                .allow_same_site(allow_same_site),
        )
        .tokens(keys())
        .form_limit(256);
    let genuine_cookie = oracle_cookie(&KEY_CURRENT, &SECRET);
    let genuine_token = {
        let session = keys().open_cookie(&genuine_cookie).unwrap();
        session.mask().to_string()
    };
    let splice_cookie = input.bytes(9).first().is_some_and(|b| b & 1 != 0);
    let splice_token = input.bytes(9).first().is_some_and(|b| b & 2 != 0);
    let mut cookie_headers: Vec<Vec<u8>> = vec![input.bytes(5).to_vec()];
    if splice_cookie {
        cookie_headers.push(format!("__Host-csrf={genuine_cookie}").into_bytes());
    }
    let token_header = if splice_token {
        Some(genuine_token.as_str())
    } else {
        input.text(6)
    };
    let headers = RequestHeaders {
        method,
        sec_fetch_site: input.text(1),
        origin: input.text(2),
        host: input.text(3),
    };
    let path = std::str::from_utf8(input.bytes(4)).unwrap_or("/");
    let content_type = input.text(7);
    let decision = protection.decide(CsrfRequest {
        headers,
        path,
        cookies: cookie_headers.iter().map(Vec::as_slice),
        token_header,
        content_type,
        // Declared honestly: a body over the limit is refused before it is read, as one
        // found too long once read.
        content_length: Some(input.bytes(8).len() as u64),
    });
    let decision = match decision {
        Decision::ReadForm { session, limit, .. } => {
            assert_eq!(limit, 256);
            let body = input.bytes(8);
            let body = (body.len() <= limit).then_some(body);
            protection.decide_with_form(session, body, method, path)
        }
        other => other,
    };

    // The rules restated.
    let safe = matches!(method, "GET" | "HEAD" | "OPTIONS");
    let origin_ok = safe
        || headers
            .origin
            .is_some_and(|o| o.eq_ignore_ascii_case(trusted))
        || match headers.sec_fetch_site.filter(|s| !s.is_empty()) {
            Some("same-origin" | "none") => true,
            Some("same-site") => allow_same_site,
            Some(_) => false,
            None => match headers.origin {
                None => true,
                // An http or https origin with a valid host, naming the request's host.
                Some(origin) => match (origin.split_once("://"), headers.host) {
                    (Some((scheme, authority)), Some(host)) => {
                        (scheme.eq_ignore_ascii_case("http")
                            || scheme.eq_ignore_ascii_case("https"))
                            && origin.parse::<secure_core::origin::Origin>().is_ok()
                            && authority.eq_ignore_ascii_case(host)
                    }
                    _ => false,
                },
            },
        };
    let form_token = || -> Option<String> {
        let is_form = content_type
            .and_then(|ct| ct.split(';').next())
            .is_some_and(|mt| {
                mt.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            });
        let body = input.bytes(8);
        if !is_form || body.len() > 256 {
            return None;
        }
        form_urlencoded::parse(body)
            .find(|(name, _)| name == "csrf_token")
            .map(|(_, value)| value.into_owned())
    };
    let expected: Result<(), CsrfRejection> = if !origin_ok {
        Err(CsrfRejection::CrossOrigin)
    } else if safe {
        Ok(())
    } else {
        let token = token_header.map(str::to_owned).or_else(form_token);
        match token {
            None => Err(CsrfRejection::MissingToken),
            Some(token) => {
                // Only the genuine secret's cookie can be valid here, since the fuzzer cannot
                // sign: a token passes when it masks SECRET and the browser sent a cookie.
                let masks_secret = oracle_decode(&token)
                    .is_some_and(|bytes| (0..32).all(|i| bytes[i] ^ bytes[32 + i] == SECRET[i]));
                if masks_secret && cookie_is_genuine(&cookie_headers) {
                    Ok(())
                } else {
                    Err(CsrfRejection::InvalidToken)
                }
            }
        }
    };
    match (&decision, &expected) {
        (Decision::Pass(session), Ok(())) => {
            if let Some(set_cookie) = session.as_ref().and_then(|s| s.set_cookie()) {
                assert_header_safe("Set-Cookie", set_cookie);
            }
        }
        (Decision::Reject(got), Err(want)) => assert_eq!(got, want),
        _ => panic!("decided {decision:?}, the rules say {expected:?}"),
    }
}

/// Whether the browser sent our cookie, and the first validly signed one of our name (pairs
/// split at `;`, name and value trimmed of space and tab) carries the genuine secret. The
/// fuzzer cannot sign: another valid cookie could only come from a seed.
fn cookie_is_genuine(headers: &[Vec<u8>]) -> bool {
    let keys = keys();
    headers
        .iter()
        .flat_map(|header| header.split(|&b| b == b';'))
        .filter_map(|pair| {
            let pair = pair.trim_ascii();
            let at = pair.iter().position(|&b| b == b'=')?;
            (pair[..at].trim_ascii() == b"__Host-csrf")
                .then(|| std::str::from_utf8(pair[at + 1..].trim_ascii()).ok())?
        })
        .find_map(|value| keys.open_cookie(value).map(|_| value.to_owned()))
        .is_some_and(|value| oracle_decode(&value).is_some_and(|bytes| bytes[..32] == SECRET))
}

/// The transport rules on arbitrary hosts, schemes, paths and forwarded headers: a redirect
/// is always a header-safe `https://` URL to the request's own host; a host is allowed only
/// when it is one of the allowed names; loopback detection never panics.
/// Fields: Host headers (up to two), authority, scheme, path, X-Forwarded-Proto, Forwarded,
/// peer (16 bytes).
pub fn transport(data: &[u8]) {
    let Some(input) = FuzzRequest::new(data) else {
        return;
    };
    let host_headers: Vec<&[u8]> = match input.flags & 3 {
        0 => vec![],
        1 | 2 => vec![input.bytes(0)],
        _ => vec![input.bytes(0), input.bytes(1)],
    };
    let host = request_host(input.text(2), host_headers.iter().copied());
    let path = std::str::from_utf8(input.bytes(4)).unwrap_or("/");
    let peer = input.bytes(7);
    let peer =
        (peer.len() >= 4).then(|| std::net::IpAddr::from([peer[0], peer[1], peer[2], peer[3]]));
    let request = TransportRequest {
        host,
        scheme: input.text(3),
        path_and_query: path,
        peer,
        x_forwarded_proto: input.text(5),
        forwarded: input.text(6),
    };
    let redirect = HttpsRedirect::new()
        .https_port(if input.flags & 4 != 0 { 8443 } else { 443 })
        .trust_proxy("10.0.0.0/8".parse().unwrap());
    match redirect.decide(&request) {
        TransportDecision::Pass => {}
        TransportDecision::Redirect(location) => {
            assert_header_safe("Location", &location);
            let rest = location.strip_prefix("https://").expect("an https URL");
            let authority = rest.split('/').next().unwrap();
            assert!(
                !authority.is_empty() && !authority.contains('@'),
                "{location}"
            );
            let host = host.expect("a redirect names the request's host");
            let name = authority.strip_suffix(":8443").unwrap_or(authority);
            assert!(
                host.to_ascii_lowercase().starts_with(name),
                "redirect to {location} for host {host:?}"
            );
            assert!(rest.len() > authority.len(), "a path follows: {location}");
        }
        TransportDecision::Reject(rejection) => {
            assert_eq!(host.is_none(), rejection == TransportRejection::MissingHost);
        }
    }
    let allowed = AllowedHosts::new(["app.example", "*.app.example", "127.0.0.1"]).unwrap();
    if let TransportDecision::Pass = allowed.decide(&request) {
        let host = host
            .expect("an allowed request names its host")
            .to_ascii_lowercase();
        let name = match host.rsplit_once(':') {
            Some((name, port)) if !name.contains(':') || name.ends_with(']') => {
                assert!(port.bytes().all(|b| b.is_ascii_digit()), "port of {host:?}");
                name
            }
            _ => &host,
        };
        let name = name.strip_suffix('.').unwrap_or(name);
        assert!(
            name == "app.example" || name.ends_with(".app.example") || name == "127.0.0.1",
            "allowed {host:?}"
        );
    }
    let _ = SecurityHeaders::new().is_development_host(host);
}

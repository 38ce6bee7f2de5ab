//! `SecurityHeaders` on `http` responses: exact values, report-only, HSTS switches, nonces.

use http::{HeaderMap, Response};
use secure_http::{CspNonce, SecurityHeaders, csp, hsts};
use std::collections::HashSet;

const POLICY: secure_http::ContentSecurityPolicy = csp! { default-src: none, img-src: self };
const NONCE_POLICY: secure_http::ContentSecurityPolicy =
    csp! { default-src: none, script-src: nonce strict-dynamic, style-src: self nonce };

fn applied(headers: &SecurityHeaders) -> HeaderMap {
    let mut response = Response::new(());
    headers.apply_to_response(&mut response, None);
    response.headers().clone()
}

#[test]
fn the_defaults_send_the_whole_set() {
    let mut map = HeaderMap::new();
    map.insert("server", "hyper".parse().unwrap());
    map.insert("x-powered-by", "Rust".parse().unwrap());
    SecurityHeaders::new().apply(&mut map);
    let expected = [
        (
            "content-security-policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; upgrade-insecure-requests",
        ),
        (
            "strict-transport-security",
            "max-age=31536000; includeSubDomains; preload",
        ),
        (
            "permissions-policy",
            "accelerometer=(), bluetooth=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()",
        ),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
        ("origin-agent-cluster", "?1"),
        ("x-dns-prefetch-control", "off"),
        ("x-download-options", "noopen"),
        ("x-permitted-cross-domain-policies", "none"),
        ("x-xss-protection", "0"),
        ("x-frame-options", "DENY"),
    ];
    for (name, value) in expected {
        assert_eq!(
            map.get(name).map(|v| v.to_str().unwrap()),
            Some(value),
            "{name}"
        );
    }
    assert_eq!(map.len(), expected.len(), "{map:?}");
    assert!(map.get("server").is_none() && map.get("x-powered-by").is_none());
}

#[test]
fn empty_sends_nothing_and_removes_nothing() {
    let mut map = HeaderMap::new();
    map.insert("server", "hyper".parse().unwrap());
    SecurityHeaders::empty().apply(&mut map);
    assert_eq!(map.len(), 1);
}

#[test]
fn the_strict_and_api_sets() {
    let mut map = HeaderMap::new();
    SecurityHeaders::strict().apply_with_nonce(&mut map, &CspNonce::generate());
    let csp = map["content-security-policy"].to_str().unwrap();
    assert!(
        csp.starts_with("default-src 'none'; script-src 'nonce-"),
        "{csp}"
    );
    assert!(csp.contains("'strict-dynamic'") && csp.contains("require-trusted-types-for 'script'"));
    assert_eq!(map["x-frame-options"], "DENY");

    let mut map = HeaderMap::new();
    SecurityHeaders::api().apply(&mut map);
    let names: Vec<&str> = map.keys().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "content-security-policy",
            "strict-transport-security",
            "x-content-type-options",
            "referrer-policy",
            "x-frame-options"
        ]
    );
    assert_eq!(
        map["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
}

#[test]
fn every_typed_value_is_sent_exactly() {
    use secure_http::headers::*;
    fn sent<H: SecurityHeader>(value: H) -> String {
        let mut map = HeaderMap::new();
        SecurityHeaders::empty().header(value).apply(&mut map);
        assert_eq!(map.len(), 1);
        map.values().next().unwrap().to_str().unwrap().to_owned()
    }
    assert_eq!(sent(ContentTypeOptions::NoSniff), "nosniff");
    assert_eq!(sent(FrameOptions::Deny), "DENY");
    assert_eq!(sent(FrameOptions::SameOrigin), "SAMEORIGIN");
    for (value, text) in [
        (ReferrerPolicyValue::NoReferrer, "no-referrer"),
        (
            ReferrerPolicyValue::NoReferrerWhenDowngrade,
            "no-referrer-when-downgrade",
        ),
        (ReferrerPolicyValue::Origin, "origin"),
        (
            ReferrerPolicyValue::OriginWhenCrossOrigin,
            "origin-when-cross-origin",
        ),
        (ReferrerPolicyValue::SameOrigin, "same-origin"),
        (ReferrerPolicyValue::StrictOrigin, "strict-origin"),
        (
            ReferrerPolicyValue::StrictOriginWhenCrossOrigin,
            "strict-origin-when-cross-origin",
        ),
        (ReferrerPolicyValue::UnsafeUrl, "unsafe-url"),
    ] {
        assert_eq!(sent(ReferrerPolicy::new(value)), text);
    }
    assert_eq!(
        sent(
            ReferrerPolicy::new(ReferrerPolicyValue::StrictOriginWhenCrossOrigin)
                .fallback(ReferrerPolicyValue::NoReferrer)
        ),
        "no-referrer, strict-origin-when-cross-origin"
    );
    assert_eq!(sent(CrossOriginOpenerPolicy::SameOrigin), "same-origin");
    assert_eq!(
        sent(CrossOriginOpenerPolicy::SameOriginAllowPopups),
        "same-origin-allow-popups"
    );
    assert_eq!(
        sent(CrossOriginOpenerPolicy::NoopenerAllowPopups),
        "noopener-allow-popups"
    );
    assert_eq!(sent(CrossOriginOpenerPolicy::UnsafeNone), "unsafe-none");
    assert_eq!(sent(CrossOriginEmbedderPolicy::RequireCorp), "require-corp");
    assert_eq!(
        sent(CrossOriginEmbedderPolicy::Credentialless),
        "credentialless"
    );
    assert_eq!(sent(CrossOriginEmbedderPolicy::UnsafeNone), "unsafe-none");
    assert_eq!(sent(CrossOriginResourcePolicy::SameOrigin), "same-origin");
    assert_eq!(sent(CrossOriginResourcePolicy::SameSite), "same-site");
    assert_eq!(sent(CrossOriginResourcePolicy::CrossOrigin), "cross-origin");
    assert_eq!(sent(OriginAgentCluster::Enabled), "?1");
    assert_eq!(sent(DnsPrefetchControl::Off), "off");
    assert_eq!(sent(DnsPrefetchControl::On), "on");
    assert_eq!(sent(DownloadOptions::NoOpen), "noopen");
    assert_eq!(sent(PermittedCrossDomainPolicies::None), "none");
    assert_eq!(
        sent(PermittedCrossDomainPolicies::MasterOnly),
        "master-only"
    );
    assert_eq!(
        sent(PermittedCrossDomainPolicies::ByContentType),
        "by-content-type"
    );
    assert_eq!(sent(PermittedCrossDomainPolicies::All), "all");
    assert_eq!(sent(XssProtection::Disabled), "0");
    assert_eq!(
        sent(secure_http::permissions_policy! { camera: () }),
        "camera=()"
    );

    let mut response = http::Response::new(());
    clear_site_data(
        &mut response,
        &[
            ClearSiteData::Cache,
            ClearSiteData::Cookies,
            ClearSiteData::Storage,
            ClearSiteData::ExecutionContexts,
        ],
    );
    assert_eq!(
        response.headers()["clear-site-data"],
        r#""cache", "cookies", "storage", "executionContexts""#
    );
    let mut response = http::Response::new(());
    clear_site_data(&mut response, &[ClearSiteData::All]);
    assert_eq!(response.headers()["clear-site-data"], r#""*""#);
    no_store(&mut response);
    assert_eq!(response.headers()["cache-control"], "no-store");
}

#[test]
fn x_frame_options_follows_frame_ancestors_unless_set() {
    let xfo = |headers: SecurityHeaders| {
        let mut map = HeaderMap::new();
        headers.apply(&mut map);
        map.get("x-frame-options")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let with = |policy| SecurityHeaders::new().content_security_policy(policy);
    assert_eq!(
        xfo(with(csp! { default-src: none, frame-ancestors: none })).as_deref(),
        Some("DENY")
    );
    assert_eq!(
        xfo(with(csp! { default-src: none, frame-ancestors: self })).as_deref(),
        Some("SAMEORIGIN")
    );
    assert_eq!(
        xfo(with(csp! { default-src: none })).as_deref(),
        Some("SAMEORIGIN")
    );
    let explicit = with(csp! { default-src: none, frame-ancestors: none })
        .header(secure_http::headers::FrameOptions::SameOrigin);
    assert_eq!(xfo(explicit).as_deref(), Some("SAMEORIGIN"));
    assert_eq!(
        xfo(SecurityHeaders::new().without::<secure_http::headers::FrameOptions>()),
        None
    );
    assert_eq!(xfo(SecurityHeaders::empty()), None);
}

#[test]
fn headers_can_be_dropped_and_removals_configured() {
    let mut map = HeaderMap::new();
    map.insert("server", "hyper".parse().unwrap());
    map.insert("x-runtime", "12ms".parse().unwrap());
    SecurityHeaders::new()
        .without::<secure_http::headers::ReferrerPolicy>()
        .without_header_removal()
        .remove_header(http::HeaderName::from_static("x-runtime"))
        .apply(&mut map);
    assert!(map.get("referrer-policy").is_none());
    assert_eq!(map["server"], "hyper");
    assert!(map.get("x-runtime").is_none());
}

#[test]
fn development_responses_have_no_hsts_and_no_upgrade() {
    let headers = SecurityHeaders::new().development_on_loopback(true);
    for (host, development) in [
        (Some("localhost:3000"), true),
        (Some("LOCALHOST"), true),
        (Some("app.localhost"), true),
        (Some("127.0.0.1:8080"), true),
        (Some("127.1.2.3"), true),
        (Some("[::1]:3000"), true),
        (Some("example.com"), false),
        (Some("localhost.example.com"), false),
        (Some("128.0.0.1"), false),
        (None, false),
    ] {
        assert_eq!(headers.is_development_host(host), development, "{host:?}");
        let mut response = Response::new(());
        headers.apply_to_response_for(&mut response, None, host);
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        assert_eq!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none(),
            development,
            "{host:?}"
        );
        assert_eq!(
            !csp.contains("upgrade-insecure-requests"),
            development,
            "{host:?}"
        );
    }
    let always = SecurityHeaders::new().development(true);
    assert!(always.is_development_host(Some("example.com")));
    let never = SecurityHeaders::new().development_on_loopback(false);
    assert!(!never.is_development_host(Some("localhost")));
}

/// Behind nginx's default `proxy_pass http://127.0.0.1:3000`, every request says
/// `Host: 127.0.0.1:3000`; and any client can send `Host: localhost`. Unless the application
/// asked for development responses, no request can take HSTS off a response.
#[test]
fn with_the_defaults_no_host_turns_hsts_off() {
    for headers in [
        SecurityHeaders::new(),
        SecurityHeaders::strict(),
        SecurityHeaders::api(),
    ] {
        for host in [
            Some("127.0.0.1:3000"),
            Some("localhost"),
            Some("app.localhost"),
            Some("[::1]:3000"),
            Some(""),
            None,
        ] {
            assert!(!headers.is_development_host(host), "{host:?}");
            let mut response = Response::new(());
            headers.apply_to_response_for(&mut response, None, host);
            assert_eq!(
                response.headers()["strict-transport-security"],
                "max-age=31536000; includeSubDomains; preload",
                "{host:?}"
            );
        }
    }
}

#[test]
fn enforced_and_report_only_policies_are_sent_together() {
    let headers = SecurityHeaders::new()
        .content_security_policy(POLICY)
        .content_security_policy_report_only(csp! { default-src: none });
    let map = applied(&headers);
    assert_eq!(
        map["content-security-policy"],
        "default-src 'none'; img-src 'self'"
    );
    assert_eq!(
        map["content-security-policy-report-only"],
        "default-src 'none'"
    );
}

#[test]
fn hsts_can_be_replaced_or_switched_off() {
    let short = SecurityHeaders::new().strict_transport_security(
        hsts! { max-age: 600, include-subdomains: false, preload: false },
    );
    assert_eq!(applied(&short)["strict-transport-security"], "max-age=600");
    let off = SecurityHeaders::new().without_strict_transport_security();
    assert!(applied(&off).get("strict-transport-security").is_none());
}

#[test]
fn headers_replace_values_already_set() {
    let mut map = HeaderMap::new();
    map.insert("content-security-policy", "default-src *".parse().unwrap());
    SecurityHeaders::new()
        .content_security_policy(POLICY)
        .apply(&mut map);
    assert_eq!(map.get_all("content-security-policy").iter().count(), 1);
    assert_eq!(
        map["content-security-policy"],
        "default-src 'none'; img-src 'self'"
    );
}

#[test]
fn runtime_parsed_policies_apply_like_compiled_ones() {
    let parsed: secure_http::ContentSecurityPolicy =
        "DEFAULT-SRC 'NONE'; img-src 'self'".parse().unwrap();
    assert_eq!(parsed, POLICY);
    let map = applied(&SecurityHeaders::new().content_security_policy(parsed));
    assert_eq!(
        map["content-security-policy"],
        "default-src 'none'; img-src 'self'"
    );
}

#[test]
fn one_nonce_goes_into_every_directive_of_both_policies() {
    let headers = SecurityHeaders::new()
        .content_security_policy(NONCE_POLICY)
        .content_security_policy_report_only(csp! { script-src: nonce });
    assert!(headers.needs_nonce());
    let nonce = CspNonce::generate();
    let mut map = HeaderMap::new();
    headers.apply_with_nonce(&mut map, &nonce);
    let n = nonce.as_str();
    assert_eq!(
        map["content-security-policy"],
        format!(
            "default-src 'none'; script-src 'nonce-{n}' 'strict-dynamic'; style-src 'self' 'nonce-{n}'"
        )
        .as_str()
    );
    assert_eq!(
        map["content-security-policy-report-only"],
        format!("script-src 'nonce-{n}'").as_str()
    );
}

#[test]
fn apply_without_a_nonce_draws_a_fresh_one_each_time() {
    let headers = SecurityHeaders::new().content_security_policy(NONCE_POLICY);
    let seen: HashSet<String> = (0..1000)
        .map(|_| {
            let value = applied(&headers)["content-security-policy"].clone();
            let value = value.to_str().unwrap();
            assert!(!value.contains("'nonce'"), "placeholder left in {value}");
            value.to_owned()
        })
        .collect();
    assert_eq!(seen.len(), 1000);
}

#[test]
fn no_nonce_in_a_policy_that_did_not_ask_for_one() {
    let headers = SecurityHeaders::new().content_security_policy(POLICY);
    assert!(!headers.needs_nonce());
    let mut map = HeaderMap::new();
    headers.apply_with_nonce(&mut map, &CspNonce::generate());
    assert_eq!(
        map["content-security-policy"],
        "default-src 'none'; img-src 'self'"
    );
}

#[test]
fn nonces_are_128_bit_base64_and_unique() {
    let nonces: HashSet<CspNonce> = (0..10_000).map(|_| CspNonce::generate()).collect();
    assert_eq!(nonces.len(), 10_000);
    for nonce in nonces.iter().take(100) {
        let text = nonce.as_str();
        assert_eq!(text.len(), 24);
        assert!(text.ends_with("=="));
        let policy = format!("script-src 'nonce-{text}'");
        // A literal nonce is refused by the parser, which proves the text is read as a nonce.
        assert!(
            policy
                .parse::<secure_http::ContentSecurityPolicy>()
                .unwrap_err()
                .to_string()
                .starts_with("a constant nonce protects nothing")
        );
    }
}

/// A policy list (issue 15): one header value, every policy with the same fresh nonce,
/// the report endpoint's `report-uri` in each, X-Frame-Options from any policy.
#[test]
fn a_policy_list_is_sent_whole_with_one_nonce() {
    use secure_http::csp::PolicyList;
    let list: PolicyList =
        "script-src 'nonce' 'strict-dynamic', style-src 'nonce'; frame-ancestors 'none'"
            .parse()
            .unwrap();
    let headers = SecurityHeaders::empty()
        .content_security_policies(list.clone())
        .with_default_report_uri("/csp-report")
        .unwrap();
    assert_eq!(headers.csp_list().unwrap().policies().len(), 2);
    assert_eq!(
        headers.csp(),
        Some(
            &list.policies()[0]
                .with_default_report_uri("/csp-report")
                .unwrap()
        )
    );
    let nonce = CspNonce::generate();
    let mut map = HeaderMap::new();
    headers.apply_with_nonce(&mut map, &nonce);
    assert_eq!(
        map["content-security-policy"],
        format!(
            "script-src 'nonce-{nonce}' 'strict-dynamic'; report-uri /csp-report, style-src 'nonce-{nonce}'; frame-ancestors 'none'; report-uri /csp-report"
        )
        .as_str()
    );
    let defaults = SecurityHeaders::new().content_security_policies(list);
    assert_eq!(applied(&defaults)["x-frame-options"], "DENY");
}

/// Development responses leave `upgrade-insecure-requests` out of every policy of a list,
/// and send no policy at all when that directive was all a policy held (it used to be sent
/// whole).
#[test]
fn development_responses_leave_the_upgrade_out_of_every_policy() {
    let list = "default-src 'self'; upgrade-insecure-requests, upgrade-insecure-requests"
        .parse()
        .unwrap();
    let headers = SecurityHeaders::empty()
        .content_security_policies(list)
        .development(true);
    assert_eq!(
        applied(&headers)["content-security-policy"],
        "default-src 'self'"
    );
    let only_upgrade = SecurityHeaders::empty()
        .content_security_policy(csp! { upgrade-insecure-requests })
        .development(true);
    assert!(!applied(&only_upgrade).contains_key("content-security-policy"));
    let production = only_upgrade.development(false);
    assert_eq!(
        applied(&production)["content-security-policy"],
        "upgrade-insecure-requests"
    );
}

/// A policy read from someone else's header with a literal nonce is never sent with that
/// nonce: the middleware puts a fresh one in its place, as for `'nonce'`.
#[test]
fn a_literal_nonce_read_by_analyze_is_replaced_when_sent() {
    let analysis = secure_http::csp::analyze("script-src 'nonce-c29tZXRoaW5n' 'strict-dynamic'");
    let headers =
        SecurityHeaders::empty().content_security_policies(analysis.to_policy_list().unwrap());
    assert!(headers.needs_nonce());
    let nonce = CspNonce::generate();
    let mut map = HeaderMap::new();
    headers.apply_with_nonce(&mut map, &nonce);
    assert_eq!(
        map["content-security-policy"],
        format!("script-src 'nonce-{nonce}' 'strict-dynamic'").as_str()
    );
}

const INTEGRITY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script),
    endpoints: (integrity),
};

#[test]
fn integrity_policy_is_opt_in_and_sent_as_configured() {
    use secure_http::headers::ConfigError;
    use secure_http::reporting::{ReportingEndpoints, ReportingError};
    assert!(!applied(&SecurityHeaders::new()).contains_key("integrity-policy"));
    assert!(!applied(&SecurityHeaders::new()).contains_key("integrity-policy-report-only"));

    let endpoints = ReportingEndpoints::new()
        .endpoint("integrity", "/reports")
        .unwrap();
    let report_only: secure_http::integrity::IntegrityPolicy =
        "blocked-destinations=(script style)".parse().unwrap();
    let headers = SecurityHeaders::new()
        .reporting_endpoints(endpoints.clone())
        .integrity_policy(INTEGRITY)
        .integrity_policy_report_only(report_only);
    assert_eq!(headers.check(), Ok(()));
    let map = applied(&headers);
    assert_eq!(
        map["integrity-policy"],
        "blocked-destinations=(script), endpoints=(integrity)"
    );
    assert_eq!(
        map["integrity-policy-report-only"],
        "blocked-destinations=(script style)"
    );
    assert_eq!(map["reporting-endpoints"], "integrity=\"/reports\"");

    let without = applied(&headers.clone().without_integrity_policy());
    assert!(!without.contains_key("integrity-policy"));
    assert!(!without.contains_key("integrity-policy-report-only"));

    // An endpoint that `Reporting-Endpoints` does not declare is refused at start-up.
    let unknown = SecurityHeaders::new().integrity_policy_report_only(INTEGRITY);
    assert_eq!(
        unknown.check(),
        Err(ConfigError::Reporting(
            ReportingError::UnknownIntegrityEndpoint {
                header: "Integrity-Policy-Report-Only",
                name: "integrity".into()
            }
        ))
    );
}

#[test]
fn cross_origin_isolation_report_to_is_sent_and_checked() {
    use secure_http::headers::{
        ConfigError, CrossOriginEmbedderPolicy as Coep, CrossOriginOpenerPolicy as Coop,
        ReportOnly, Reported,
    };
    use secure_http::reporting::{ReportingEndpoints, ReportingError};
    let endpoints = ReportingEndpoints::new()
        .endpoint("isolation", "/reports")
        .unwrap();
    let headers = SecurityHeaders::new()
        .reporting_endpoints(endpoints)
        .header(Coop::SameOrigin.report_to("isolation").unwrap())
        .header(
            Coep::RequireCorp
                .report_only()
                .report_to("isolation")
                .unwrap(),
        );
    assert_eq!(headers.check(), Ok(()));
    let map = applied(&headers);
    assert_eq!(
        map["cross-origin-opener-policy"],
        r#"same-origin; report-to="isolation""#
    );
    assert_eq!(
        map["cross-origin-embedder-policy-report-only"],
        r#"require-corp; report-to="isolation""#
    );
    assert!(!map.contains_key("cross-origin-embedder-policy"));
    assert_eq!(map["reporting-endpoints"], "isolation=\"/reports\"");

    // The plain value replaces the reported one, and its endpoint is no longer checked.
    let unchecked = SecurityHeaders::new().header(Coop::SameOrigin.report_to("gone").unwrap());
    assert_eq!(
        unchecked.check(),
        Err(ConfigError::Reporting(ReportingError::UnknownReportTo {
            header: "Cross-Origin-Opener-Policy",
            name: "gone".into()
        }))
    );
    let replaced = unchecked.clone().header(Coop::SameOrigin);
    assert_eq!(replaced.check(), Ok(()));
    assert_eq!(
        applied(&replaced)["cross-origin-opener-policy"],
        "same-origin"
    );
    let removed = unchecked.without::<Reported<Coop>>();
    assert_eq!(removed.check(), Ok(()));
    assert!(!applied(&removed).contains_key("cross-origin-opener-policy"));
    // The report-only header's endpoint is checked on its own.
    let report_only = SecurityHeaders::new()
        .header(Coop::SameOrigin)
        .header(ReportOnly::new(Coop::SameOrigin).report_to("gone").unwrap());
    assert_eq!(
        report_only.check().unwrap_err().to_string(),
        "Cross-Origin-Opener-Policy-Report-Only: `report-to=\"gone\"` names no configured reporting endpoint; add it with `ReportingEndpoints::endpoint(\"gone\", url)`"
    );
    assert_eq!(report_only.without::<ReportOnly<Coop>>().check(), Ok(()));
}

//! `SecurityHeaders` on `http` responses: exact values, report-only, HSTS switches, nonces.

use http::{HeaderMap, Response};
use secure::{CspNonce, SecurityHeaders, csp, hsts};
use std::collections::HashSet;

const POLICY: secure::ContentSecurityPolicy = csp! { default-src: none, img-src: self };
const NONCE_POLICY: secure::ContentSecurityPolicy =
    csp! { default-src: none, script-src: nonce strict-dynamic, style-src: self nonce };

fn applied(headers: &SecurityHeaders) -> HeaderMap {
    let mut response = Response::new(());
    headers.apply_to_response(&mut response, None);
    response.headers().clone()
}

#[test]
fn defaults_are_the_originals_hsts_and_no_csp() {
    let map = applied(&SecurityHeaders::new());
    assert_eq!(
        map["strict-transport-security"],
        "max-age=31536000; includeSubDomains; preload"
    );
    assert!(map.get("content-security-policy").is_none());
    assert!(map.get("content-security-policy-report-only").is_none());
    assert_eq!(map.len(), 1);
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
    let parsed: secure::ContentSecurityPolicy =
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
                .parse::<secure::ContentSecurityPolicy>()
                .unwrap_err()
                .to_string()
                .starts_with("a constant nonce protects nothing")
        );
    }
}

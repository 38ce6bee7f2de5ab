//! `SecurityHeaders` as configuration (feature `serde`): a table keyed by header name, each
//! value read by its type's own parser, where an absent key keeps what
//! [`SecurityHeaders::new`] sends and `false` leaves the header out.

use super::{
    ConfigError, ContentTypeOptions, CrossOriginEmbedderPolicy, CrossOriginOpenerPolicy,
    CrossOriginResourcePolicy, DnsPrefetchControl, DownloadOptions, FrameOptions,
    FrameOptionsSetting, OriginAgentCluster, PermissionsPolicy, PermittedCrossDomainPolicies,
    ReferrerPolicy, ReportOnly, Reported, SecurityHeader, SecurityHeaders, XssProtection,
};
use crate::reporting::{ReportingEndpoints, ReportingError};
use crate::serialization::{EnforceLints, Key};
use crate::syntax::escape_controls;
use http::HeaderName;
use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Unexpected, Visitor};
use serde::ser::{self, SerializeMap};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// The keys, in the order they are written.
const KEYS: &[&str] = &[
    "content-security-policy",
    "content-security-policy-report-only",
    "strict-transport-security",
    "permissions-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "cross-origin-embedder-policy",
    "cross-origin-opener-policy-report-only",
    "cross-origin-embedder-policy-report-only",
    "cross-origin-resource-policy",
    "origin-agent-cluster",
    "x-dns-prefetch-control",
    "x-download-options",
    "x-permitted-cross-domain-policies",
    "x-xss-protection",
    "integrity-policy",
    "integrity-policy-report-only",
    "remove-headers",
    "development",
    "development-on-loopback",
    // Last: TOML writes tables after the plain values of their parent.
    "enforce-lints",
    "reporting-endpoints",
];

/// The headers set with [`SecurityHeaders::header`] that configuration can set, from
/// `permissions-policy` to `x-xss-protection`: those that make sense on every response (not
/// `clear-site-data`).
const TYPED_KEYS: &[&str] = {
    let (_, rest) = KEYS.split_at(3);
    let (typed, _) = rest.split_at(14);
    typed
};

/// A header's value, or `false`.
enum Setting<T> {
    Send(T),
    Off,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Setting<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SettingVisitor(PhantomData))
    }
}

struct SettingVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for SettingVisitor<T> {
    type Value = Setting<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the header's value, or `false` to leave the header out")
    }

    fn visit_bool<E: de::Error>(self, on: bool) -> Result<Self::Value, E> {
        match on {
            false => Ok(Setting::Off),
            true => Err(E::invalid_value(Unexpected::Bool(true), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        T::deserialize(StrDeserializer::new(text)).map(Setting::Send)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Setting::Send)
    }
}

fn text(value: &http::HeaderValue) -> String {
    value
        .to_str()
        .expect("configured header values are visible ASCII")
        .to_owned()
}

/// Sends a typed header, or leaves it out.
fn typed<H: SecurityHeader>(headers: SecurityHeaders, setting: Setting<H>) -> SecurityHeaders {
    match setting {
        Setting::Send(value) => headers.header(value),
        Setting::Off => headers.without::<H>(),
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
/// Reads the headers from configuration: a table keyed by header name, as in HTTP. An absent
/// key keeps what [`SecurityHeaders::new`] sends, `false` leaves the header out, and a string
/// is the header's value, read by its type's parser (`str::parse`), whose message and byte
/// offset are the error. `strict-transport-security` also takes a table written as `hsts!` is.
/// Besides the headers: `reporting-endpoints` (a table of names and URLs),
/// `remove-headers` (the headers removed from every response, instead of
/// [`SERVER_IDENTIFYING_HEADERS`](super::SERVER_IDENTIFYING_HEADERS)), `development` and
/// `development-on-loopback`, and `enforce-lints` (`true`, `false`, or a table of lints: see
/// [`LintLevels`](crate::csp::lint::LintLevels) and
/// [`enforce_lints`](SecurityHeaders::enforce_lints)). A `content-security-policy` may hold
/// several policies separated by `,` ([`content_security_policies`](SecurityHeaders::content_security_policies)). Keys ignore ASCII case and may use `_` for `-` (environment
/// variables); unknown keys are refused, with the nearest name.
///
/// When everything is read, [`check`](SecurityHeaders::check) runs: a `report-to` must
/// name one of the `reporting-endpoints`, and with `enforce-lints` no policy may have a
/// finding of a denied lint.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::SecurityHeaders;
///
/// let headers: SecurityHeaders = toml::from_str(
///     r#"
///     content-security-policy = "default-src 'self'; script-src 'nonce'"
///     strict-transport-security = { max-age = "180d", preload = false }
///     x-frame-options = false
///     "#,
/// )?;
/// let nonce = secure_http::CspNonce::generate();
/// let mut sent = http::HeaderMap::new();
/// headers.apply_with_nonce(&mut sent, &nonce);
/// assert_eq!(
///     sent["content-security-policy"],
///     format!("default-src 'self'; script-src 'nonce-{nonce}'").as_str()
/// );
/// assert_eq!(sent["strict-transport-security"], "max-age=15552000; includeSubDomains");
/// assert!(sent.get("x-frame-options").is_none());
/// assert_eq!(sent["x-content-type-options"], "nosniff"); // kept from `SecurityHeaders::new()`
///
/// let error = toml::from_str::<SecurityHeaders>(r#"content-security-policy = "default-src self""#)
///     .unwrap_err();
/// assert_eq!(
///     error.message(),
///     "`self` without quotes is a host name; did you mean `'self'`? (at byte 12)"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<'de> Deserialize<'de> for SecurityHeaders {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(HeadersVisitor)
    }
}

struct HeadersVisitor;

impl<'de> Visitor<'de> for HeadersVisitor {
    type Value = SecurityHeaders;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table of security headers by name")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut headers = SecurityHeaders::new();
        let mut seen = Vec::new();
        while let Some(key) = map.next_key_seed(Key(KEYS))? {
            if seen.contains(&key) {
                return Err(de::Error::duplicate_field(key));
            }
            seen.push(key);
            headers = match key {
                "content-security-policy" => match map.next_value()? {
                    Setting::Send(policies) => headers.content_security_policies(policies),
                    Setting::Off => headers.without_content_security_policy(),
                },
                "content-security-policy-report-only" => match map.next_value()? {
                    Setting::Send(policy) => headers.content_security_policy_report_only(policy),
                    Setting::Off => SecurityHeaders {
                        csp_report_only: None,
                        ..headers
                    },
                },
                "strict-transport-security" => match map.next_value()? {
                    Setting::Send(hsts) => headers.strict_transport_security(hsts),
                    Setting::Off => headers.without_strict_transport_security(),
                },
                "permissions-policy" => typed::<PermissionsPolicy>(headers, map.next_value()?),
                "x-frame-options" => typed::<FrameOptions>(headers, map.next_value()?),
                "x-content-type-options" => typed::<ContentTypeOptions>(headers, map.next_value()?),
                "referrer-policy" => typed::<ReferrerPolicy>(headers, map.next_value()?),
                "cross-origin-opener-policy" => {
                    typed::<Reported<CrossOriginOpenerPolicy>>(headers, map.next_value()?)
                }
                "cross-origin-embedder-policy" => {
                    typed::<Reported<CrossOriginEmbedderPolicy>>(headers, map.next_value()?)
                }
                "cross-origin-opener-policy-report-only" => {
                    typed::<ReportOnly<CrossOriginOpenerPolicy>>(headers, map.next_value()?)
                }
                "cross-origin-embedder-policy-report-only" => {
                    typed::<ReportOnly<CrossOriginEmbedderPolicy>>(headers, map.next_value()?)
                }
                "cross-origin-resource-policy" => {
                    typed::<CrossOriginResourcePolicy>(headers, map.next_value()?)
                }
                "origin-agent-cluster" => typed::<OriginAgentCluster>(headers, map.next_value()?),
                "x-dns-prefetch-control" => typed::<DnsPrefetchControl>(headers, map.next_value()?),
                "x-download-options" => typed::<DownloadOptions>(headers, map.next_value()?),
                "x-permitted-cross-domain-policies" => {
                    typed::<PermittedCrossDomainPolicies>(headers, map.next_value()?)
                }
                "x-xss-protection" => typed::<XssProtection>(headers, map.next_value()?),
                "integrity-policy" => match map.next_value()? {
                    Setting::Send(policy) => headers.integrity_policy(policy),
                    Setting::Off => SecurityHeaders {
                        integrity_policy: None,
                        ..headers
                    }
                    .prepare_fixed(),
                },
                "integrity-policy-report-only" => match map.next_value()? {
                    Setting::Send(policy) => headers.integrity_policy_report_only(policy),
                    Setting::Off => SecurityHeaders {
                        integrity_policy_report_only: None,
                        ..headers
                    }
                    .prepare_fixed(),
                },
                "remove-headers" => map.next_value::<Vec<String>>()?.iter().try_fold(
                    headers.without_header_removal(),
                    |headers, name| {
                        HeaderName::from_bytes(name.as_bytes())
                            .map(|name| headers.remove_header(name))
                            .map_err(|_| {
                                de::Error::custom(format_args!(
                                    "invalid header name `{}` in `remove-headers`",
                                    escape_controls(name)
                                ))
                            })
                    },
                )?,
                "development" => headers.development(map.next_value()?),
                "development-on-loopback" => headers.development_on_loopback(map.next_value()?),
                "enforce-lints" => {
                    let EnforceLints(levels) = map.next_value()?;
                    SecurityHeaders {
                        lint_levels: levels,
                        ..headers
                    }
                }
                "reporting-endpoints" => match map.next_value()? {
                    Setting::Send(endpoints) => headers.reporting_endpoints(endpoints),
                    Setting::Off => headers.reporting_endpoints(ReportingEndpoints::new()),
                },
                _ => unreachable!("`Key` gives one of `KEYS`"),
            };
        }
        headers.check().map_err(|error| match error {
            ConfigError::Reporting(ReportingError::UnknownEndpoint(name)) => de::Error::custom(format_args!(
                "`report-to {name}` names no endpoint of `reporting-endpoints`; add `{name} = \"<url>\"` to it"
            )),
            ConfigError::Reporting(ReportingError::UnknownIntegrityEndpoint { header, name }) => {
                de::Error::custom(format_args!(
                    "`endpoints=({name})` in `{}` names no endpoint of `reporting-endpoints`; add `{name} = \"<url>\"` to it",
                    header.to_ascii_lowercase()
                ))
            }
            ConfigError::Reporting(ReportingError::UnknownReportTo { header, name }) => {
                de::Error::custom(format_args!(
                    "`report-to=\"{name}\"` in `{}` names no endpoint of `reporting-endpoints`; add `{name} = \"<url>\"` to it",
                    header.to_ascii_lowercase()
                ))
            }
            error => de::Error::custom(error),
        })?;
        Ok(headers)
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
/// Writes what differs from [`SecurityHeaders::new`], in the form its `Deserialize`
/// implementation reads: a header value as a string, `false` for a header left out. Reading it back gives headers that send the same.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::{SecurityHeaders, headers::CrossOriginEmbedderPolicy};
///
/// assert_eq!(toml::to_string(&SecurityHeaders::new())?, "");
/// let headers = SecurityHeaders::new()
///     .without_strict_transport_security()
///     .header(CrossOriginEmbedderPolicy::RequireCorp);
/// assert_eq!(
///     toml::to_string(&headers)?,
///     "strict-transport-security = false\ncross-origin-embedder-policy = \"require-corp\"\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// When a header was set that configuration cannot hold: `clear-site-data`, which
/// belongs on a logout response, not on every one.
impl Serialize for SecurityHeaders {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some((name, _)) = self
            .typed
            .iter()
            .find(|(name, _)| !TYPED_KEYS.contains(&name.as_str()))
        {
            return Err(ser::Error::custom(format_args!(
                "`{name}` cannot be written as configuration: it is not meant for every response"
            )));
        }
        let defaults = SecurityHeaders::new();
        let mut map = serializer.serialize_map(None)?;
        let policy = |headers: &SecurityHeaders| headers.csp_list().map(|l| l.to_string());
        let report_only =
            |headers: &SecurityHeaders| headers.csp_report_only().map(|p| p.as_str().to_owned());
        let hsts = |headers: &SecurityHeaders| headers.hsts.as_ref().map(text);
        let typed = |headers: &SecurityHeaders, key: &str| {
            headers
                .typed
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| text(value))
        };
        // For each header: `None` if it is as in the defaults, else its value or `None` for off.
        let differs = |value: Option<String>, default| (value != default).then_some(value);
        let mut changed = vec![
            (
                "content-security-policy",
                differs(policy(self), policy(&defaults)),
            ),
            (
                "content-security-policy-report-only",
                differs(report_only(self), report_only(&defaults)),
            ),
            (
                "strict-transport-security",
                differs(hsts(self), hsts(&defaults)),
            ),
        ];
        for &key in TYPED_KEYS {
            let change = match (key, self.frame_options) {
                // Kept apart from the others, and derived from `frame-ancestors` by default.
                ("x-frame-options", FrameOptionsSetting::Derived) => None,
                ("x-frame-options", FrameOptionsSetting::Explicit(value)) => {
                    Some(Some(value.as_str().to_owned()))
                }
                ("x-frame-options", FrameOptionsSetting::Off) => Some(None),
                _ => differs(typed(self, key), typed(&defaults, key)),
            };
            changed.push((key, change));
        }
        for (key, change) in changed {
            match change {
                None => {}
                Some(Some(value)) => map.serialize_entry(key, &value)?,
                Some(None) => map.serialize_entry(key, &false)?,
            }
        }
        // Off by default: written only when sent.
        if let Some(policy) = &self.integrity_policy {
            map.serialize_entry("integrity-policy", policy)?;
        }
        if let Some(policy) = &self.integrity_policy_report_only {
            map.serialize_entry("integrity-policy-report-only", policy)?;
        }
        if self.removed != defaults.removed {
            let names: Vec<&str> = self.removed.iter().map(HeaderName::as_str).collect();
            map.serialize_entry("remove-headers", &names)?;
        }
        if self.development.always {
            map.serialize_entry("development", &true)?;
        }
        if self.development.on_loopback {
            map.serialize_entry("development-on-loopback", &true)?;
        }
        if let Some(levels) = &self.lint_levels {
            map.serialize_entry("enforce-lints", levels)?;
        }
        if !self.reporting_endpoints.is_empty() {
            map.serialize_entry("reporting-endpoints", &self.reporting_endpoints)?;
        }
        map.end()
    }
}

//! Named endpoints for the Reporting API, sent as the `Reporting-Endpoints` header, which
//! CSP's `report-to <name>` refers to.

use crate::csp::{ContentSecurityPolicy, DirectiveName, Value, ValueKind};
use crate::integrity::IntegrityPolicy;
use crate::syntax::escape_controls;
use std::fmt;

/// The endpoints a page's reports may be sent to, by name.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::reporting::ReportingEndpoints;
/// let endpoints = ReportingEndpoints::new()
///     .endpoint("csp", "/csp-report")?
///     .endpoint("default", "https://reports.example.com/all")?;
/// assert_eq!(
///     endpoints.to_string(),
///     r#"csp="/csp-report", default="https://reports.example.com/all""#
/// );
/// # Ok::<(), secure_http::reporting::ReportingError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportingEndpoints {
    pub(crate) endpoints: Vec<(String, String)>,
}

/// What is wrong with a reporting endpoint or its use.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReportingError {
    /// The name is not a structured-field key: lowercase letters, digits, `_`, `-`, `.`, `*`,
    /// starting with a letter or `*`.
    InvalidName(String),
    /// The URL is empty, or contains a character a structured-field string cannot hold.
    InvalidUrl(String),
    /// A policy's `report-to` names an endpoint that is not configured.
    UnknownEndpoint(String),
    /// An Integrity-Policy's `endpoints` names an endpoint that is not configured.
    UnknownIntegrityEndpoint {
        /// `Integrity-Policy` or `Integrity-Policy-Report-Only`.
        header: &'static str,
        /// The name.
        name: String,
    },
    /// The `report-to` parameter of `Cross-Origin-Opener-Policy`,
    /// `Cross-Origin-Embedder-Policy` or their report-only forms names an endpoint that is
    /// not configured.
    UnknownReportTo {
        /// The header, such as `Cross-Origin-Opener-Policy`.
        header: &'static str,
        /// The name.
        name: String,
    },
}

/// Whether `name` is a structured-field key, as `Reporting-Endpoints` names endpoints:
/// lowercase letters, digits, `_`, `-`, `.`, `*`, starting with a letter or `*`.
pub(crate) fn valid_endpoint_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'*')
        && bytes.all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.' | b'*')
        })
}

impl fmt::Display for ReportingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidName(name) => write!(
                f,
                "invalid reporting endpoint name `{}`: use lowercase letters, digits, `_`, `-`, `.` or `*`, starting with a letter",
                escape_controls(name)
            ),
            Self::InvalidUrl(url) => write!(
                f,
                "invalid reporting endpoint URL `{}`: expected visible ASCII without `\"` or `\\`",
                escape_controls(url)
            ),
            Self::UnknownEndpoint(name) => write!(
                f,
                "`report-to {name}` names no configured reporting endpoint; add it with `ReportingEndpoints::endpoint(\"{name}\", url)`"
            ),
            Self::UnknownIntegrityEndpoint { header, name } => write!(
                f,
                "{header}: `endpoints=({name})` names no configured reporting endpoint; add it with `ReportingEndpoints::endpoint(\"{name}\", url)`"
            ),
            Self::UnknownReportTo { header, name } => write!(
                f,
                "{header}: `report-to=\"{name}\"` names no configured reporting endpoint; add it with `ReportingEndpoints::endpoint(\"{name}\", url)`"
            ),
        }
    }
}

impl std::error::Error for ReportingError {}

impl ReportingEndpoints {
    /// No endpoints.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the endpoint `name` at `url` (absolute, or a path of this site).
    pub fn endpoint(mut self, name: &str, url: &str) -> Result<Self, ReportingError> {
        if !valid_endpoint_name(name) {
            return Err(ReportingError::InvalidName(name.to_owned()));
        }
        let valid_url = !url.is_empty()
            && url
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
        if !valid_url {
            return Err(ReportingError::InvalidUrl(url.to_owned()));
        }
        match self.endpoints.iter_mut().find(|(n, _)| n == name) {
            Some(existing) => existing.1 = url.to_owned(),
            None => self.endpoints.push((name.to_owned(), url.to_owned())),
        }
        Ok(self)
    }

    /// Whether an endpoint of this name is configured.
    pub fn contains(&self, name: &str) -> bool {
        self.endpoints.iter().any(|(n, _)| n == name)
    }

    /// Whether no endpoint is configured.
    pub fn is_empty(&self) -> bool {
        self.endpoints.is_empty()
    }

    /// Checks that the policy's `report-to` (if any) names a configured endpoint.
    pub fn check(&self, policy: &ContentSecurityPolicy) -> Result<(), ReportingError> {
        let names = policy
            .get(DirectiveName::ReportTo)
            .into_iter()
            .flat_map(|d| d.values().iter().map(Value::kind));
        for name in names {
            if let ValueKind::Word(name) = name
                && !self.contains(name)
            {
                return Err(ReportingError::UnknownEndpoint(name.to_owned()));
            }
        }
        Ok(())
    }
}

impl ReportingEndpoints {
    /// Checks that every name in an Integrity-Policy's `endpoints` is a configured endpoint;
    /// `header` names the header it is sent as, for the message.
    pub fn check_integrity_policy(
        &self,
        header: &'static str,
        policy: &IntegrityPolicy,
    ) -> Result<(), ReportingError> {
        match policy
            .endpoints()
            .into_iter()
            .find(|name| !self.contains(name))
        {
            Some(name) => Err(ReportingError::UnknownIntegrityEndpoint {
                header,
                name: name.to_owned(),
            }),
            None => Ok(()),
        }
    }
}

impl fmt::Display for ReportingEndpoints {
    /// The header value: a structured-field dictionary of strings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, url)) in self.endpoints.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name}=\"{url}\"")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_names_and_urls() {
        let ok = ReportingEndpoints::new();
        assert!(ok.clone().endpoint("csp-endpoint", "/r").is_ok());
        assert!(ok.clone().endpoint("Csp", "/r").is_err());
        assert!(ok.clone().endpoint("1csp", "/r").is_err());
        assert!(ok.clone().endpoint("csp", "").is_err());
        assert!(ok.clone().endpoint("csp", "/a\"b").is_err());
        assert!(ok.clone().endpoint("csp", "/a\r\nb").is_err());
    }

    #[test]
    fn replaces_an_endpoint_of_the_same_name() {
        let endpoints = ReportingEndpoints::new()
            .endpoint("csp", "/a")
            .unwrap()
            .endpoint("csp", "/b")
            .unwrap();
        assert_eq!(endpoints.to_string(), "csp=\"/b\"");
    }

    #[test]
    fn checks_integrity_policy_endpoints() {
        let endpoints = ReportingEndpoints::new().endpoint("sri", "/r").unwrap();
        let named: IntegrityPolicy = "blocked-destinations=(script), endpoints=(sri)"
            .parse()
            .unwrap();
        let other: IntegrityPolicy = "blocked-destinations=(script), endpoints=(sri other)"
            .parse()
            .unwrap();
        let none: IntegrityPolicy = "blocked-destinations=(script)".parse().unwrap();
        assert_eq!(
            endpoints.check_integrity_policy("Integrity-Policy", &named),
            Ok(())
        );
        assert_eq!(
            endpoints.check_integrity_policy("Integrity-Policy", &none),
            Ok(())
        );
        let error = endpoints
            .check_integrity_policy("Integrity-Policy-Report-Only", &other)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "Integrity-Policy-Report-Only: `endpoints=(other)` names no configured reporting endpoint; add it with `ReportingEndpoints::endpoint(\"other\", url)`"
        );
    }

    #[test]
    fn checks_report_to_names() {
        let endpoints = ReportingEndpoints::new().endpoint("csp", "/r").unwrap();
        let named: ContentSecurityPolicy = "default-src 'none'; report-to csp".parse().unwrap();
        let other: ContentSecurityPolicy = "default-src 'none'; report-to other".parse().unwrap();
        let none: ContentSecurityPolicy = "default-src 'none'".parse().unwrap();
        assert_eq!(endpoints.check(&named), Ok(()));
        assert_eq!(endpoints.check(&none), Ok(()));
        assert_eq!(
            endpoints.check(&other),
            Err(ReportingError::UnknownEndpoint("other".into()))
        );
    }
}

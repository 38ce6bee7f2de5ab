//! Someone else's HSTS header read as browsers read it: what they enforce, and every oddity.

use super::error::HstsErrorKind;
use super::parse::{Written, directives};
use super::{Directive, StrictTransportSecurity, problems};
use crate::syntax::escape_controls;
use std::fmt;
use std::ops::Range;

/// Reads a `Strict-Transport-Security` header value as browsers do (RFC 6797 section 6.1):
/// the policy they enforce, and a finding for everything they skip, clamp or refuse.
///
/// Never fails and never panics. Browsers skip directives HSTS does not define, read a
/// `max-age` beyond `u32::MAX` as `u32::MAX` (Chromium then keeps one year at most), and
/// ignore the whole header when it has no `max-age`, repeats a directive, gives
/// `includeSubDomains` a value or leaves the grammar; then [`policy`](HstsAnalysis::policy)
/// is `None`. Where browsers differ, the reading is the stricter one: an empty unquoted value
/// (`foo=`) leaves the grammar here.
///
/// Browsers do not read `preload`; the policy keeps it only when the preload list would
/// accept it (with `includeSubDomains` and at least a year, once, without a value), and
/// otherwise reports it.
///
/// `FromStr` reads the same way, and refuses the header at the first finding whose
/// [`error`](HstsFindingKind::error) is `Some`.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::hsts::{self, HstsFindingKind};
/// let header = r#"max-age=31536000; includeSubDomains; preload; report-uri="https://r.example""#;
/// let analysis = hsts::analyze(header);
/// assert_eq!(
///     analysis.policy().unwrap().to_string(),
///     "max-age=31536000; includeSubDomains; preload"
/// );
/// let [finding] = analysis.findings() else { panic!() };
/// assert_eq!(&header[finding.span()], r#"report-uri="https://r.example""#);
/// assert_eq!(finding.to_string(), "unknown directive `report-uri`, which browsers skip");
///
/// let analysis = hsts::analyze("max-age=600; max-age=31536000");
/// assert_eq!(analysis.policy(), None);
/// assert_eq!(
///     analysis.findings()[0].to_string(),
///     "browsers ignore this header: `max-age` is given twice; browsers ignore a header with a repeated directive"
/// );
/// ```
pub fn analyze(header: &str) -> HstsAnalysis {
    let mut reader = Reader::default();
    let policy = reader.read(header);
    HstsAnalysis {
        policy,
        findings: reader.findings,
    }
}

/// An HSTS header as browsers read it: see [`analyze`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HstsAnalysis {
    policy: Option<StrictTransportSecurity>,
    findings: Vec<HstsFinding>,
}

impl HstsAnalysis {
    /// What browsers enforce, or `None` when they ignore the header. Its `preload` is on only
    /// when the preload list would accept it.
    pub fn policy(&self) -> Option<StrictTransportSecurity> {
        self.policy
    }

    /// Everything skipped, clamped or refused, in the order of the text; a finding that makes
    /// browsers ignore the header comes last.
    pub fn findings(&self) -> &[HstsFinding] {
        &self.findings
    }
}

/// One oddity of an HSTS header, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HstsFinding {
    kind: HstsFindingKind,
    span: Range<usize>,
}

impl HstsFinding {
    /// What it is.
    pub fn kind(&self) -> &HstsFindingKind {
        &self.kind
    }

    /// The bytes of the header it is about: a directive, a character, or the whole header
    /// for a missing `max-age`.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

impl fmt::Display for HstsFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

/// What an [`HstsFinding`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HstsFindingKind {
    /// Browsers ignore the whole header, for this reason.
    HeaderIgnored(HstsErrorKind),
    /// A directive HSTS does not define: browsers skip it, and so does `FromStr`.
    UnknownDirective {
        /// The name as written.
        name: String,
        /// A directive it is probably a typo of.
        suggestion: Option<&'static str>,
    },
    /// A `max-age` over `u32::MAX` seconds, read as `u32::MAX`, as `FromStr` does.
    MaxAgeClamped,
    /// A `preload` the preload list refuses, for this reason. Browsers enforce the header
    /// (they do not read `preload`); the analysis drops `preload`, and `FromStr` refuses it.
    PreloadRefused(HstsErrorKind),
}

impl HstsFindingKind {
    /// The error `FromStr` refuses the header with because of this finding, if it does.
    pub fn error(&self) -> Option<&HstsErrorKind> {
        match self {
            Self::HeaderIgnored(error) | Self::PreloadRefused(error) => Some(error),
            Self::UnknownDirective { .. } | Self::MaxAgeClamped => None,
        }
    }
}

impl fmt::Display for HstsFindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HeaderIgnored(error) => write!(f, "browsers ignore this header: {error}"),
            Self::UnknownDirective { name, suggestion } => {
                write!(
                    f,
                    "unknown directive `{}`, which browsers skip",
                    escape_controls(name)
                )?;
                match suggestion {
                    Some(known) => write!(f, "; did you mean `{known}`?"),
                    None => Ok(()),
                }
            }
            Self::MaxAgeClamped => write!(
                f,
                "`max-age` over {} seconds (about 136 years) is read as that many; Chromium keeps one year at most",
                u32::MAX
            ),
            Self::PreloadRefused(error) => write!(
                f,
                "the preload list refuses this header, though browsers enforce it: {error}"
            ),
        }
    }
}

const NAMES: [(&str, Directive); 3] = [
    ("max-age", Directive::MaxAge),
    ("includeSubDomains", Directive::IncludeSubdomains),
    ("preload", Directive::Preload),
];

/// The header ignored at `span`, for `kind`.
struct Ignored(HstsErrorKind, Range<usize>);

#[derive(Default)]
struct Reader {
    findings: Vec<HstsFinding>,
    seen: Vec<Directive>,
    max_age: Option<u32>,
    include_subdomains: bool,
    /// Where the first bare `preload` is.
    preload: Option<Range<usize>>,
}

impl Reader {
    fn note(&mut self, kind: HstsFindingKind, span: Range<usize>) {
        self.findings.push(HstsFinding { kind, span });
    }

    fn read(&mut self, header: &str) -> Option<StrictTransportSecurity> {
        match self.enforced(header) {
            Ok(policy) => Some(policy),
            Err(Ignored(kind, span)) => {
                self.note(HstsFindingKind::HeaderIgnored(kind), span);
                None
            }
        }
    }

    fn enforced(&mut self, header: &str) -> Result<StrictTransportSecurity, Ignored> {
        if let Some((at, c)) = header
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_graphic() || c == ' ' || c == '\t'))
        {
            let kind = HstsErrorKind::InvalidCharacter(c);
            return Err(Ignored(kind, at..at + c.len_utf8()));
        }
        let (written, broken) = directives(header);
        for directive in written {
            self.directive(directive)?;
        }
        if let Some((kind, span)) = broken {
            return Err(Ignored(kind, span));
        }
        let max_age = self
            .max_age
            .ok_or(Ignored(HstsErrorKind::MissingMaxAge, 0..header.len()))?;
        let mut preload = self.preload.is_some()
            && !self
                .findings
                .iter()
                .any(|f| matches!(f.kind, HstsFindingKind::PreloadRefused(_)));
        if let Some(span) = self.preload.clone() {
            for problem in problems(max_age, self.include_subdomains, true) {
                self.note(HstsFindingKind::PreloadRefused(problem), span.clone());
                preload = false;
            }
        }
        Ok(StrictTransportSecurity::__new_unchecked(
            max_age,
            self.include_subdomains,
            preload,
        ))
    }

    fn directive(&mut self, written: Written<'_>) -> Result<(), Ignored> {
        let span = written.span.clone();
        let directive = NAMES
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(written.name))
            .map(|(_, directive)| *directive);
        // `max-age=` and `includeSubDomains=` have errors of their own.
        if written.raw_value == Some("") && matches!(directive, None | Some(Directive::Preload)) {
            let end = span.end;
            return Err(Ignored(
                HstsErrorKind::Syntax("a value after `=`"),
                end..end,
            ));
        }
        let Some(directive) = directive else {
            let suggestion =
                crate::suggest::closest(written.name, NAMES.iter().map(|(known, _)| *known));
            let name = written.name.to_owned();
            self.note(HstsFindingKind::UnknownDirective { name, suggestion }, span);
            return Ok(());
        };
        if self.seen.contains(&directive) {
            let kind = HstsErrorKind::DuplicateDirective(directive);
            if directive == Directive::Preload {
                self.note(HstsFindingKind::PreloadRefused(kind), span);
                return Ok(());
            }
            return Err(Ignored(kind, span));
        }
        self.seen.push(directive);
        match (directive, written.value) {
            (Directive::MaxAge, None) => {
                Err(Ignored(HstsErrorKind::InvalidMaxAge(String::new()), span))
            }
            (Directive::MaxAge, Some(digits)) => {
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    let raw = written.raw_value.unwrap_or_default().to_owned();
                    return Err(Ignored(HstsErrorKind::InvalidMaxAge(raw), span));
                }
                // Only digits: too many of them is the only way not to be a `u32`.
                let max_age = digits.parse().unwrap_or_else(|_| {
                    self.note(HstsFindingKind::MaxAgeClamped, span.clone());
                    u32::MAX
                });
                self.max_age = Some(max_age);
                Ok(())
            }
            (Directive::IncludeSubdomains, None) => {
                self.include_subdomains = true;
                Ok(())
            }
            (Directive::Preload, None) => {
                self.preload = Some(span);
                Ok(())
            }
            (directive, Some(_)) => {
                let kind = HstsErrorKind::UnexpectedValue(directive);
                if directive == Directive::Preload {
                    self.note(HstsFindingKind::PreloadRefused(kind), span);
                    return Ok(());
                }
                Err(Ignored(kind, span))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The policy's header and each finding as (kind, the text it spans).
    fn read(header: &str) -> (Option<String>, Vec<(HstsFindingKind, &str)>) {
        let analysis = analyze(header);
        let findings = analysis
            .findings()
            .iter()
            .map(|f| (f.kind().clone(), &header[f.span()]))
            .collect();
        (analysis.policy().map(|p| p.to_string()), findings)
    }

    fn unknown(name: &str, suggestion: Option<&'static str>) -> HstsFindingKind {
        HstsFindingKind::UnknownDirective {
            name: name.into(),
            suggestion,
        }
    }

    #[test]
    fn real_world_headers() {
        assert_eq!(
            read(r#"max-age=31536000; includeSubDomains; preload; report-uri="x""#),
            (
                Some("max-age=31536000; includeSubDomains; preload".into()),
                vec![(unknown("report-uri", None), r#"report-uri="x""#)]
            )
        );
        assert_eq!(
            read(r#"max-age="63072000""#),
            (Some("max-age=63072000".into()), vec![])
        );
        assert_eq!(
            read("Max-Age=1;foo=bar"),
            (
                Some("max-age=1".into()),
                vec![(unknown("foo", None), "foo=bar")]
            )
        );
        assert_eq!(
            read("max-age=15768000 ; includeSubdomain"),
            (
                Some("max-age=15768000".into()),
                vec![(
                    unknown("includeSubdomain", Some("includeSubDomains")),
                    "includeSubdomain"
                )]
            )
        );
        assert_eq!(
            read("max-age=99999999999; includeSubDomains"),
            (
                Some(format!("max-age={}; includeSubDomains", u32::MAX)),
                vec![(HstsFindingKind::MaxAgeClamped, "max-age=99999999999")]
            )
        );
    }

    #[test]
    fn preload_the_list_refuses_is_dropped_and_reported() {
        assert_eq!(
            read("max-age=300; preload"),
            (
                Some("max-age=300".into()),
                vec![
                    (
                        HstsFindingKind::PreloadRefused(HstsErrorKind::PreloadWithoutSubdomains),
                        "preload"
                    ),
                    (
                        HstsFindingKind::PreloadRefused(HstsErrorKind::PreloadTooShort {
                            max_age: 300
                        }),
                        "preload"
                    ),
                ]
            )
        );
        let (policy, findings) = read("max-age=31536000; includeSubDomains; preload; PRELOAD");
        assert_eq!(
            policy.as_deref(),
            Some("max-age=31536000; includeSubDomains")
        );
        assert_eq!(
            findings,
            [(
                HstsFindingKind::PreloadRefused(HstsErrorKind::DuplicateDirective(
                    Directive::Preload
                )),
                "PRELOAD"
            )]
        );
        let (policy, findings) = read("max-age=31536000; includeSubDomains; preload=yes");
        assert_eq!(
            policy.as_deref(),
            Some("max-age=31536000; includeSubDomains")
        );
        assert_eq!(
            findings,
            [(
                HstsFindingKind::PreloadRefused(HstsErrorKind::UnexpectedValue(Directive::Preload)),
                "preload=yes"
            )]
        );
    }

    #[test]
    fn headers_browsers_ignore() {
        let ignored = |kind| HstsFindingKind::HeaderIgnored(kind);
        assert_eq!(
            read("includeSubDomains; preload"),
            (
                None,
                vec![(
                    ignored(HstsErrorKind::MissingMaxAge),
                    "includeSubDomains; preload"
                )]
            )
        );
        assert_eq!(
            read("foo; max-age=1; max-age=2; bar"),
            (
                None,
                vec![
                    (unknown("foo", None), "foo"),
                    (
                        ignored(HstsErrorKind::DuplicateDirective(Directive::MaxAge)),
                        "max-age=2"
                    )
                ]
            )
        );
        assert_eq!(
            read("max-age=1; report-uri=https://r.example/"),
            (
                None,
                vec![(
                    ignored(HstsErrorKind::Syntax(
                        "`;` after the value (a value holding other characters than a token's is quoted)"
                    )),
                    ":"
                )]
            )
        );
        assert_eq!(
            read("max-age=1\u{a0}"),
            (
                None,
                vec![(ignored(HstsErrorKind::InvalidCharacter('\u{a0}')), "\u{a0}")]
            )
        );
        assert_eq!(
            read(""),
            (None, vec![(ignored(HstsErrorKind::MissingMaxAge), "")])
        );
        assert_eq!(
            read("max-age=1; includeSubDomains=\"\""),
            (
                None,
                vec![(
                    ignored(HstsErrorKind::UnexpectedValue(Directive::IncludeSubdomains)),
                    "includeSubDomains=\"\""
                )]
            )
        );
    }

    #[test]
    fn messages() {
        let message = |header| analyze(header).findings()[0].to_string();
        assert_eq!(
            message("max-age=1; includeSubDomain"),
            "unknown directive `includeSubDomain`, which browsers skip; did you mean `includeSubDomains`?"
        );
        assert_eq!(
            message("max-age=5; preload"),
            "the preload list refuses this header, though browsers enforce it: `preload` needs `includeSubDomains`: the preload list covers every subdomain; add `includeSubDomains` or remove `preload`"
        );
        assert_eq!(
            message("max-age=1; foo=\"x"),
            "browsers ignore this header: expected a closing `\"`"
        );
        assert_eq!(
            message("max-age=4294967296"),
            "`max-age` over 4294967295 seconds (about 136 years) is read as that many; Chromium keeps one year at most"
        );
    }
}

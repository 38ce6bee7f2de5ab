//! `Integrity-Policy` and `Integrity-Policy-Report-Only`: the browser blocks (or reports)
//! scripts and styles loaded without Subresource Integrity metadata. The header is a
//! structured-field dictionary: `blocked-destinations=(script), endpoints=(integrity)`.
//!
//! One grammar: the runtime parser and `integrity_policy!` both describe what was written as
//! [`WrittenKey`]s and call [`build`].

use crate::structured;
use crate::syntax::{Syntax, escape_controls};
use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// A request destination the policy requires integrity metadata for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Destination {
    /// `script`: classic and module scripts (Chromium 138+, Firefox 145+).
    Script,
    /// `style`: stylesheets (in the specification drafts and Firefox; Chromium ignores it).
    Style,
}

impl Destination {
    /// Every destination.
    pub const ALL: &'static [Destination] = &[Self::Script, Self::Style];

    /// The token in the header.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Script => "script",
            Self::Style => "style",
        }
    }
}

/// Where integrity metadata may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntegritySource {
    /// `inline`: the `integrity` attribute in the page. The only source, and the default.
    Inline,
}

impl IntegritySource {
    /// Every source.
    pub const ALL: &'static [IntegritySource] = &[Self::Inline];

    /// The token in the header.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Inline => "inline",
        }
    }
}

/// The dictionary's keys.
pub const KEYS: &[&str] = &["blocked-destinations", "sources", "endpoints"];

#[derive(Debug, Clone)]
enum Endpoints {
    Static(&'static [&'static str]),
    Owned(Vec<String>),
}

/// An Integrity-Policy, checked: known keys, each once, known destinations and sources, and
/// endpoint names as `Reporting-Endpoints` spells them. The same type is sent as
/// `Integrity-Policy` or `Integrity-Policy-Report-Only`.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::integrity::{Destination, IntegrityPolicy};
/// let policy: IntegrityPolicy = "blocked-destinations=(script), endpoints=(integrity)".parse()?;
/// assert_eq!(policy.as_str(), "blocked-destinations=(script), endpoints=(integrity)");
/// assert_eq!(policy.blocked_destinations(), [Destination::Script]);
/// assert_eq!(policy.endpoints(), ["integrity"]);
/// # Ok::<(), secure_http::integrity::IntegrityPolicyError>(())
/// ```
#[derive(Debug, Clone)]
pub struct IntegrityPolicy {
    blocked_destinations: Cow<'static, [Destination]>,
    sources: Cow<'static, [IntegritySource]>,
    endpoints: Endpoints,
    header: Cow<'static, str>,
}

impl IntegrityPolicy {
    #[doc(hidden)]
    pub const fn __from_static(
        blocked_destinations: &'static [Destination],
        sources: &'static [IntegritySource],
        endpoints: &'static [&'static str],
        header: &'static str,
    ) -> Self {
        Self {
            blocked_destinations: Cow::Borrowed(blocked_destinations),
            sources: Cow::Borrowed(sources),
            endpoints: Endpoints::Static(endpoints),
            header: Cow::Borrowed(header),
        }
    }

    /// The destinations loaded only with integrity metadata.
    pub fn blocked_destinations(&self) -> &[Destination] {
        &self.blocked_destinations
    }

    /// Where the metadata may come from (`inline` when the header does not say).
    pub fn sources(&self) -> &[IntegritySource] {
        &self.sources
    }

    /// The names of the reporting endpoints violations are sent to.
    pub fn endpoints(&self) -> Vec<&str> {
        match &self.endpoints {
            Endpoints::Static(names) => names.to_vec(),
            Endpoints::Owned(names) => names.iter().map(String::as_str).collect(),
        }
    }

    /// The header value.
    pub fn as_str(&self) -> &str {
        &self.header
    }

    /// The header value when the policy was made at compile time.
    pub fn as_static_str(&self) -> Option<&'static str> {
        match self.header {
            Cow::Borrowed(text) => Some(text),
            Cow::Owned(_) => None,
        }
    }
}

/// Policies are equal when their headers are: the header text is canonical.
impl PartialEq for IntegrityPolicy {
    fn eq(&self, other: &Self) -> bool {
        self.header == other.header
    }
}

impl Eq for IntegrityPolicy {}

impl Hash for IntegrityPolicy {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.header.hash(state);
    }
}

impl fmt::Display for IntegrityPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

/// One problem in an Integrity-Policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntegrityPolicyErrorKind {
    /// No `blocked-destinations`, or an empty list: the policy would block nothing.
    NothingBlocked,
    /// `sources=()`: no source of metadata, which turns the policy off.
    NoSources,
    /// A key other than `blocked-destinations`, `sources` and `endpoints`.
    UnknownKey {
        /// The key as written.
        key: String,
        /// A key it is probably a typo of.
        suggestion: Option<&'static str>,
    },
    /// A key given twice.
    DuplicateKey(&'static str),
    /// A destination other than `script` and `style`.
    UnknownDestination(String),
    /// A source other than `inline`.
    UnknownSource(String),
    /// A value listed twice under one key.
    DuplicateValue(String),
    /// An endpoint name `Reporting-Endpoints` cannot declare.
    InvalidEndpoint(String),
    /// Text that does not follow the structured-field syntax, or a value that is not a list
    /// of tokens.
    Syntax(&'static str),
}

impl IntegrityPolicyErrorKind {
    /// The message, spelled for the given syntax.
    pub fn message(&self, syntax: Syntax) -> String {
        let (blocked, sources) = match syntax {
            Syntax::Header => ("blocked-destinations=(script)", "sources=(inline)"),
            Syntax::Macro => ("blocked-destinations: (script)", "sources: (inline)"),
        };
        match self {
            Self::NothingBlocked => format!(
                "an Integrity-Policy needs `blocked-destinations` with a destination, such as `{blocked}`: without one it blocks nothing"
            ),
            Self::NoSources => format!(
                "an empty `sources` turns the policy off: leave `sources` out, or write `{sources}`"
            ),
            Self::UnknownKey { key, suggestion } => match suggestion {
                Some(s) => format!(
                    "unknown key `{}`; did you mean `{s}`?",
                    escape_controls(key)
                ),
                None => format!(
                    "unknown key `{}`: the keys are `blocked-destinations`, `sources` and `endpoints`",
                    escape_controls(key)
                ),
            },
            Self::DuplicateKey(key) => {
                format!("`{key}` is given twice: browsers use only the last; merge the lists")
            }
            Self::UnknownDestination(name) => format!(
                "unknown destination `{}`: the destinations are `script` and `style`",
                escape_controls(name)
            ),
            Self::UnknownSource(name) => format!(
                "unknown source `{}`: the only source is `inline`",
                escape_controls(name)
            ),
            Self::DuplicateValue(name) => format!("`{}` is listed twice", escape_controls(name)),
            Self::InvalidEndpoint(name) => format!(
                "invalid endpoint name `{}`: a name `Reporting-Endpoints` declares has lowercase letters, digits, `_`, `-`, `.` or `*`, starting with a letter",
                escape_controls(name)
            ),
            Self::Syntax(expected) => format!("expected {expected}"),
        }
    }
}

impl fmt::Display for IntegrityPolicyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Syntax::Header))
    }
}

/// Why Integrity-Policy text was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrityPolicyError {
    kind: IntegrityPolicyErrorKind,
    offset: usize,
}

impl IntegrityPolicyError {
    /// What is wrong.
    pub fn kind(&self) -> &IntegrityPolicyErrorKind {
        &self.kind
    }

    /// The byte offset where the problem starts.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for IntegrityPolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.kind, self.offset)
    }
}

impl std::error::Error for IntegrityPolicyError {}

/// A key and its list as written, before validation.
#[derive(Debug, Clone)]
pub struct WrittenKey<'a, P> {
    /// The key.
    pub key: &'a str,
    /// Where it was written.
    pub key_at: P,
    /// The tokens of its list, each with its place.
    pub values: Vec<(&'a str, P)>,
}

/// Validates written keys and makes the policy, or every problem with its position.
pub fn build<P: Copy>(
    written: &[WrittenKey<'_, P>],
    whole: P,
) -> Result<IntegrityPolicy, Vec<(IntegrityPolicyErrorKind, P)>> {
    use IntegrityPolicyErrorKind as E;
    let mut errors = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut blocked: Option<Vec<Destination>> = None;
    let mut sources: Option<Vec<IntegritySource>> = None;
    let mut endpoints: Vec<String> = Vec::new();
    for entry in written {
        let Some(key) = KEYS.iter().copied().find(|k| *k == entry.key) else {
            errors.push((
                E::UnknownKey {
                    key: entry.key.to_owned(),
                    suggestion: crate::suggest::closest(entry.key, KEYS.iter().copied()),
                },
                entry.key_at,
            ));
            continue;
        };
        if seen.contains(&key) {
            errors.push((E::DuplicateKey(key), entry.key_at));
            continue;
        }
        seen.push(key);
        let mut listed: Vec<&str> = Vec::new();
        for &(value, at) in &entry.values {
            if listed.contains(&value) {
                errors.push((E::DuplicateValue(value.to_owned()), at));
                continue;
            }
            listed.push(value);
            match key {
                "blocked-destinations" => {
                    match Destination::ALL.iter().find(|d| d.as_str() == value) {
                        Some(d) => blocked.get_or_insert_with(Vec::new).push(*d),
                        None => errors.push((E::UnknownDestination(value.to_owned()), at)),
                    }
                }
                "sources" => match IntegritySource::ALL.iter().find(|s| s.as_str() == value) {
                    Some(s) => sources.get_or_insert_with(Vec::new).push(*s),
                    None => errors.push((E::UnknownSource(value.to_owned()), at)),
                },
                _ if crate::reporting::valid_endpoint_name(value) => {
                    endpoints.push(value.to_owned());
                }
                _ => errors.push((E::InvalidEndpoint(value.to_owned()), at)),
            }
        }
        if key == "sources" && entry.values.is_empty() {
            errors.push((E::NoSources, entry.key_at));
        }
    }
    // Not said after a misspelled key or destination: fixing that may give one.
    let misspelled = |e: &E| matches!(e, E::UnknownKey { .. } | E::UnknownDestination(_));
    if blocked.is_none() && !errors.iter().any(|(e, _)| misspelled(e)) {
        errors.push((E::NothingBlocked, whole));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let blocked = blocked.unwrap_or_default();
    let sources = sources.unwrap_or_else(|| vec![IntegritySource::Inline]);
    let list = |items: Vec<&str>| format!("({})", items.join(" "));
    let mut header = format!(
        "blocked-destinations={}",
        list(blocked.iter().map(|d| d.as_str()).collect())
    );
    // `inline` is the default and the only source: it is left out.
    if sources != [IntegritySource::Inline] {
        header.push_str(", sources=");
        header.push_str(&list(sources.iter().map(|s| s.as_str()).collect()));
    }
    if !endpoints.is_empty() {
        header.push_str(", endpoints=");
        header.push_str(&list(endpoints.iter().map(String::as_str).collect()));
    }
    Ok(IntegrityPolicy {
        blocked_destinations: Cow::Owned(blocked),
        sources: Cow::Owned(sources),
        endpoints: Endpoints::Owned(endpoints),
        header: Cow::Owned(header),
    })
}

/// How the structured-field parser names the parts of an Integrity-Policy.
const WORDS: structured::Words = structured::Words {
    member: "a key such as `blocked-destinations`",
    between: "`,` between keys",
    after_comma: "a key after `,`",
    value: "a list in parentheses, such as `(script)`",
    item: "a token such as `script`, or `)`",
    quote: "a token without quotes, such as `script`",
    separator: "a space between list items, or `)`",
};

/// The longest header accepted, as for Permissions-Policy.
const MAX_LENGTH: usize = 1 << 16;

impl FromStr for IntegrityPolicy {
    type Err = IntegrityPolicyError;

    /// Parses a policy strictly: a structured-field dictionary whose values are lists of
    /// tokens without parameters, on top of what [`build`] checks. The first problem in the
    /// text is reported (a value that is not a list of tokens before the rest).
    fn from_str(text: &str) -> Result<Self, IntegrityPolicyError> {
        use structured::{Bare, Value};
        let fail = |kind, offset| IntegrityPolicyError { kind, offset };
        let syntax = |expected, at| (IntegrityPolicyErrorKind::Syntax(expected), at);
        if let Some((at, _)) = text
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_graphic() || c == ' ' || c == '\t'))
        {
            return Err(fail(
                IntegrityPolicyErrorKind::Syntax("visible ASCII only"),
                at,
            ));
        }
        if text.len() > MAX_LENGTH {
            return Err(fail(
                IntegrityPolicyErrorKind::Syntax("at most 65536 characters"),
                MAX_LENGTH,
            ));
        }
        let members = structured::dictionary(text, &WORDS)
            .map_err(|(expected, at)| fail(IntegrityPolicyErrorKind::Syntax(expected), at))?;
        let mut errors = Vec::new();
        let mut written = Vec::new();
        for member in &members {
            if let Some(param) = member.params.first() {
                errors.push(syntax("no parameters", param.span.start));
            }
            let mut values = Vec::new();
            match &member.value {
                Some(Value::InnerList(items)) => {
                    for (item, params) in items {
                        if let Some(param) = params.first() {
                            errors.push(syntax("no parameters", param.span.start));
                        }
                        match item.bare {
                            Bare::Token(token) => values.push((token, item.span.start)),
                            _ => errors.push(syntax(
                                "a token such as `script`, not a string or a number",
                                item.span.start,
                            )),
                        }
                    }
                }
                Some(Value::Item(item)) => errors.push(syntax(WORDS.value, item.span.start)),
                None => errors.push(syntax(
                    "`=` and a list in parentheses after the key",
                    member.key_span.end,
                )),
            }
            written.push(WrittenKey {
                key: member.key,
                key_at: member.key_span.start,
                values,
            });
        }
        // A value that is not a list of tokens first: what `build` finds then follows from it.
        if errors.is_empty() {
            match build(&written, 0) {
                Ok(policy) => return Ok(policy),
                Err(found) => errors = found,
            }
        }
        let (kind, offset) = errors
            .into_iter()
            .min_by_key(|(_, at)| *at)
            .expect("refused with errors");
        Err(fail(kind, offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IntegrityPolicyErrorKind as E;

    fn parse(text: &str) -> Result<IntegrityPolicy, IntegrityPolicyError> {
        text.parse()
    }

    fn error(text: &str) -> (E, usize) {
        let error = parse(text).unwrap_err();
        (error.kind().clone(), error.offset())
    }

    #[test]
    fn canonical_form() {
        let policy =
            parse("endpoints=(a  b),\tblocked-destinations=( style script ), sources=(inline)")
                .unwrap();
        assert_eq!(
            policy.as_str(),
            "blocked-destinations=(style script), endpoints=(a b)"
        );
        assert_eq!(
            policy.blocked_destinations(),
            [Destination::Style, Destination::Script]
        );
        assert_eq!(policy.sources(), [IntegritySource::Inline]);
        assert_eq!(policy.endpoints(), ["a", "b"]);
        assert_eq!(parse(policy.as_str()).unwrap(), policy);
        assert_eq!(policy.as_static_str(), None);
        let fixed = IntegrityPolicy::__from_static(
            &[Destination::Style, Destination::Script],
            &[IntegritySource::Inline],
            &["a", "b"],
            "blocked-destinations=(style script), endpoints=(a b)",
        );
        assert_eq!(fixed, policy);
        assert_eq!(fixed.endpoints(), ["a", "b"]);
    }

    #[test]
    fn errors_and_their_offsets() {
        assert_eq!(error(""), (E::NothingBlocked, 0));
        assert_eq!(error("endpoints=(a)"), (E::NothingBlocked, 0));
        assert_eq!(error("blocked-destinations=()"), (E::NothingBlocked, 0));
        assert_eq!(
            error("blocked-destination=(script)"),
            (
                E::UnknownKey {
                    key: "blocked-destination".into(),
                    suggestion: Some("blocked-destinations")
                },
                0
            )
        );
        assert_eq!(
            error("blocked-destinations=(script), blocked-destinations=(style)"),
            (E::DuplicateKey("blocked-destinations"), 31)
        );
        assert_eq!(
            error("blocked-destinations=(image)"),
            (E::UnknownDestination("image".into()), 22)
        );
        assert_eq!(
            error("blocked-destinations=(script script)"),
            (E::DuplicateValue("script".into()), 29)
        );
        assert_eq!(
            error("blocked-destinations=(script), sources=(hash)"),
            (E::UnknownSource("hash".into()), 40)
        );
        assert_eq!(
            error("blocked-destinations=(script), sources=()"),
            (E::NoSources, 31)
        );
        assert_eq!(
            error("blocked-destinations=(script), endpoints=(Main)"),
            (E::InvalidEndpoint("Main".into()), 42)
        );
        assert_eq!(
            error("blocked-destinations=script").0,
            E::Syntax("a list in parentheses, such as `(script)`")
        );
        assert_eq!(
            error(r#"blocked-destinations=("script")"#),
            (
                E::Syntax("a token such as `script`, not a string or a number"),
                22
            )
        );
        assert_eq!(
            error("blocked-destinations=(script);a=1"),
            (E::Syntax("no parameters"), 29)
        );
        assert_eq!(
            error("blocked-destinations=(script)\r\nx: y"),
            (E::Syntax("visible ASCII only"), 29)
        );
        assert_eq!(
            error("blocked-destinations=(script) endpoints=(a)"),
            (E::Syntax("`,` between keys"), 30)
        );
        assert_eq!(
            error("Blocked-destinations=(script)").0,
            E::Syntax(
                "a lowercase name (browsers ignore the whole header for an uppercase letter)"
            )
        );
    }

    #[test]
    fn messages() {
        assert_eq!(
            E::NothingBlocked.message(Syntax::Macro),
            "an Integrity-Policy needs `blocked-destinations` with a destination, such as `blocked-destinations: (script)`: without one it blocks nothing"
        );
        assert_eq!(
            parse("blocked-destinations=(scirpt)")
                .unwrap_err()
                .to_string(),
            "unknown destination `scirpt`: the destinations are `script` and `style` (at byte 22)"
        );
    }
}

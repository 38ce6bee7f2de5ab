//! `Permissions-Policy`: which powerful browser features the page and its frames may use.
//! The header is a structured-field dictionary: `camera=(), geolocation=(self "https://a.example"), fullscreen=*`.
//!
//! One grammar: the runtime parser and `permissions_policy!` both describe what was written
//! as [`WrittenFeature`]s and call [`build`]. A header someone else sends is read as browsers
//! read it by [`analyze`].

mod analyze;

pub use analyze::{PermissionsAnalysis, PermissionsFinding, PermissionsFindingKind, analyze};

use crate::origin::Origin;
use crate::structured;
use crate::syntax::{Syntax, escape_controls};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// The features browsers implement today.
pub const FEATURES: &[&str] = &[
    "accelerometer",
    "ambient-light-sensor",
    "attribution-reporting",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "captured-surface-control",
    "clipboard-read",
    "clipboard-write",
    "compute-pressure",
    "cross-origin-isolated",
    "deferred-fetch",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "identity-credentials-get",
    "idle-detection",
    "keyboard-map",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "speaker-selection",
    "storage-access",
    "sync-xhr",
    "unload",
    "usb",
    "web-share",
    "window-management",
    "xr-spatial-tracking",
];

/// A Permissions-Policy, checked: known features, each once, valid allow-lists.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::permissions::PermissionsPolicy;
/// let policy: PermissionsPolicy = r#"camera=(), geolocation=(self "https://maps.example.com")"#.parse()?;
/// assert_eq!(policy.as_str(), r#"camera=(), geolocation=(self "https://maps.example.com")"#);
/// # Ok::<(), secure_http::permissions::PermissionsError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PermissionsPolicy(Cow<'static, str>);

impl PermissionsPolicy {
    #[doc(hidden)]
    pub const fn __from_static(header: &'static str) -> Self {
        Self(Cow::Borrowed(header))
    }

    /// The header value.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The header value when the policy was made at compile time.
    pub fn as_static_str(&self) -> Option<&'static str> {
        match self.0 {
            Cow::Borrowed(text) => Some(text),
            Cow::Owned(_) => None,
        }
    }
}

impl PermissionsPolicy {
    /// The `permissions_policy! { .. }` invocation that makes this policy: features as in the
    /// header, `()` for none, `*`, or a list of `self`, `src` and origins as strings.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::permissions::PermissionsPolicy;
    /// let policy: PermissionsPolicy =
    ///     r#"camera=(), geolocation=(self "https://maps.example.com"), fullscreen=*"#.parse()?;
    /// assert_eq!(
    ///     policy.to_permissions_policy_macro(),
    ///     r#"permissions_policy! { camera: (), geolocation: (self "https://maps.example.com"), fullscreen: * }"#
    /// );
    /// # Ok::<(), secure_http::permissions::PermissionsError>(())
    /// ```
    pub fn to_permissions_policy_macro(&self) -> String {
        // The text of a policy is canonical: `feature=*` or `feature=(member member)`.
        let members = structured::dictionary(&self.0, &WORDS).unwrap_or_default();
        let features: Vec<String> = members
            .iter()
            .map(|member| {
                let value = match &member.value {
                    Some(structured::Value::InnerList(items)) => {
                        let items: Vec<String> = items
                            .iter()
                            .map(|(item, _)| match item.bare {
                                structured::Bare::String(origin) => format!("{origin:?}"),
                                structured::Bare::Token(word) | structured::Bare::Other(word) => {
                                    word.to_owned()
                                }
                            })
                            .collect();
                        format!("({})", items.join(" "))
                    }
                    _ => "*".to_owned(),
                };
                format!("{}: {value}", member.key)
            })
            .collect();
        format!("permissions_policy! {{ {} }}", features.join(", "))
    }
}

impl fmt::Display for PermissionsPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One problem in a Permissions-Policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PermissionsErrorKind {
    /// The policy names no feature.
    Empty,
    /// A feature browsers do not know.
    UnknownFeature {
        /// The name as written.
        name: String,
        /// A known feature it is probably a typo of.
        suggestion: Option<&'static str>,
    },
    /// A feature given twice.
    DuplicateFeature(String),
    /// An allow-list member that is not `self`, `src` or an origin.
    InvalidMember(String),
    /// `*` inside a list.
    WildcardInList,
    /// A malformed origin.
    InvalidOrigin(String),
    /// Text that does not follow the structured-field syntax.
    Syntax(&'static str),
}

impl PermissionsErrorKind {
    /// The message, spelled for the given syntax.
    pub fn message(&self, syntax: Syntax) -> String {
        let (none, all) = match syntax {
            Syntax::Header => ("feature=()", "feature=*"),
            Syntax::Macro => ("feature: ()", "feature: *"),
        };
        match self {
            Self::Empty => "a Permissions-Policy needs at least one feature, e.g. `camera`".into(),
            Self::UnknownFeature { name, suggestion } => match suggestion {
                Some(s) => format!(
                    "unknown feature `{}`; did you mean `{s}`?",
                    escape_controls(name)
                ),
                None => format!(
                    "unknown feature `{}`; see `FEATURES` for the features browsers implement",
                    escape_controls(name)
                ),
            },
            Self::DuplicateFeature(name) => format!(
                "duplicate feature `{name}`: browsers use only one of them; merge their allow-lists"
            ),
            Self::InvalidMember(member) if member == "none" || member == "'none'" => format!(
                "`{member}` is not an allow-list member: write `{none}` to deny the feature"
            ),
            Self::InvalidMember(member) => format!(
                "invalid allow-list member `{}`: expected `self`, `src` or a quoted origin such as \"https://example.com\"",
                escape_controls(member)
            ),
            Self::WildcardInList => {
                format!("`*` stands alone, not in a list: write `{all}` to allow every origin")
            }
            Self::InvalidOrigin(reason) => reason.clone(),
            Self::Syntax(expected) => format!("expected {expected}"),
        }
    }
}

impl fmt::Display for PermissionsErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Syntax::Header))
    }
}

/// Why Permissions-Policy text was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionsError {
    kind: PermissionsErrorKind,
    offset: usize,
}

impl PermissionsError {
    /// What is wrong.
    pub fn kind(&self) -> &PermissionsErrorKind {
        &self.kind
    }

    /// The byte offset where the problem starts.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for PermissionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.kind, self.offset)
    }
}

impl std::error::Error for PermissionsError {}

/// A feature as written, before validation.
#[derive(Debug, Clone)]
pub struct WrittenFeature<'a, P> {
    /// The feature name.
    pub name: &'a str,
    /// Where it was written.
    pub name_at: P,
    /// The allow-list.
    pub allowlist: WrittenAllowlist<'a, P>,
}

/// An allow-list as written.
#[derive(Debug, Clone)]
pub enum WrittenAllowlist<'a, P> {
    /// `*`.
    All,
    /// `(member member ..)`: `self`, `src`, `*` (an error) or an origin (`Quoted`).
    List(Vec<(WrittenMember<'a>, P)>),
}

/// One member of a list as written.
#[derive(Debug, Clone)]
pub enum WrittenMember<'a> {
    /// A bare token: `self`, `src`, `*`, or a mistake.
    Token(&'a str),
    /// A quoted string: an origin.
    Quoted(&'a str),
}

/// Validates written features and makes the policy, or every problem with its position.
pub fn build<'a, P: Copy>(
    written: &[WrittenFeature<'a, P>],
    whole: P,
) -> Result<PermissionsPolicy, Vec<(PermissionsErrorKind, P)>> {
    let mut errors = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut parts = Vec::new();
    for feature in written {
        let name = feature.name.to_ascii_lowercase();
        match FEATURES.iter().find(|f| **f == name) {
            None => errors.push((
                PermissionsErrorKind::UnknownFeature {
                    name: feature.name.to_owned(),
                    suggestion: crate::suggest::closest(&name, FEATURES.iter().copied()),
                },
                feature.name_at,
            )),
            Some(known) if seen.contains(known) => errors.push((
                PermissionsErrorKind::DuplicateFeature((*known).to_owned()),
                feature.name_at,
            )),
            Some(known) => seen.push(known),
        }
        let value = match &feature.allowlist {
            WrittenAllowlist::All => "*".to_owned(),
            WrittenAllowlist::List(members) => {
                let mut texts = Vec::new();
                for (member, at) in members {
                    match member_text(member) {
                        Ok(text) => texts.push(text),
                        Err(kind) => errors.push((kind, *at)),
                    }
                }
                format!("({})", texts.join(" "))
            }
        };
        parts.push(format!("{name}={value}"));
    }
    if written.is_empty() {
        errors.push((PermissionsErrorKind::Empty, whole));
    }
    if errors.is_empty() {
        Ok(PermissionsPolicy(Cow::Owned(parts.join(", "))))
    } else {
        Err(errors)
    }
}

fn member_text(member: &WrittenMember<'_>) -> Result<String, PermissionsErrorKind> {
    match member {
        WrittenMember::Token(token) => match token.to_ascii_lowercase().as_str() {
            "self" => Ok("self".to_owned()),
            "src" => Ok("src".to_owned()),
            "*" => Err(PermissionsErrorKind::WildcardInList),
            _ => Err(PermissionsErrorKind::InvalidMember((*token).to_owned())),
        },
        WrittenMember::Quoted(origin) => {
            // `https://*.example.com` allows every subdomain; the rest is an ordinary origin.
            let plain = origin.replacen("://*.", "://", 1);
            // The error names the origin as written, wildcard included.
            let parsed = plain
                .parse::<Origin>()
                .map_err(|e| PermissionsErrorKind::InvalidOrigin(e.naming(origin).to_string()))?;
            if plain != *origin && is_ip_address(parsed.authority()) {
                return Err(PermissionsErrorKind::InvalidOrigin(format!(
                    "invalid origin `{origin}`: `*.` needs a domain name after it, not an IP address"
                )));
            }
            Ok(format!("\"{}\"", origin.to_ascii_lowercase()))
        }
    }
}

/// Whether the host of a valid origin's `host[:port]` is an IP address: bracketed (IPv6), or
/// ending in a label of digits (IPv4, as URL parsers read it). Such hosts have no subdomains.
fn is_ip_address(authority: &str) -> bool {
    if authority.starts_with('[') {
        return true;
    }
    let host = authority.split(':').next().unwrap_or(authority);
    host.rsplit('.')
        .next()
        .is_some_and(|label| label.bytes().all(|b| b.is_ascii_digit()))
}

impl FromStr for PermissionsPolicy {
    type Err = PermissionsError;

    /// Parses a policy of your own, strictly. The text is a structured-field dictionary, the
    /// syntax browsers parse first and ignore the whole header for: feature names in
    /// lowercase, list members separated by spaces (not tabs), no `,` at the end. On top of
    /// it: known features, each once, each with `*` or a list in parentheses of `self`, `src`
    /// and quoted origins, without parameters. [`analyze`] reads a header as browsers do.
    fn from_str(text: &str) -> Result<Self, PermissionsError> {
        let members = dictionary(text)?;
        let mut errors = Vec::new();
        let written: Vec<WrittenFeature<'_, usize>> = members
            .iter()
            .map(|member| written_strictly(member, &mut errors))
            .collect();
        match build(&written, 0) {
            Ok(policy) if errors.is_empty() => return Ok(policy),
            Ok(_) => {}
            Err(found) => errors.extend(found),
        }
        // The first problem in the text; at one place, the first one found.
        let (kind, offset) = errors
            .into_iter()
            .min_by_key(|(_, at)| *at)
            .expect("refused with errors");
        Err(PermissionsError { kind, offset })
    }
}

/// How the structured-field parser names the parts of a Permissions-Policy.
pub(crate) const WORDS: structured::Words = structured::Words {
    member: "a feature name",
    between: "`,` between features",
    after_comma: "a feature after `,`",
    value: "`*` or a list in parentheses, such as `()`",
    item: "`self`, `src`, a quoted origin or `)`",
    quote: "`self` or a quoted origin; Feature-Policy's `'self'` and `'none'` are `self` and `()` here",
    separator: "a space between allow-list members, or `)`",
};

/// The longest header Chromium reads; it ignores a longer one.
const MAX_LENGTH: usize = 1 << 16;

/// The members of header text, or why browsers ignore all of it.
fn dictionary(text: &str) -> Result<Vec<structured::Member<'_>>, PermissionsError> {
    let broken = |expected, offset| PermissionsError {
        kind: PermissionsErrorKind::Syntax(expected),
        offset,
    };
    if let Some((at, _)) = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_graphic() || c == ' ' || c == '\t'))
    {
        return Err(broken("visible ASCII only", at));
    }
    if text.len() > MAX_LENGTH {
        return Err(broken(
            "at most 65536 characters (Chromium ignores a longer header)",
            MAX_LENGTH,
        ));
    }
    structured::dictionary(text, &WORDS).map_err(|(expected, at)| broken(expected, at))
}

/// A member as `FromStr` reads it, with the problems that `build` does not see: the forms of
/// the dictionary other than `*` and lists, parameters, and keywords not in lowercase.
fn written_strictly<'a>(
    member: &structured::Member<'a>,
    errors: &mut Vec<(PermissionsErrorKind, usize)>,
) -> WrittenFeature<'a, usize> {
    use structured::{Bare, Value};
    let syntax = |expected, at| (PermissionsErrorKind::Syntax(expected), at);
    if let Some(param) = member.params.first() {
        errors.push(syntax(
            "no parameters (browsers ignore them)",
            param.span.start,
        ));
    }
    let allowlist = match &member.value {
        None => {
            let expected = "`=` and an allow-list after the feature name";
            errors.push(syntax(expected, member.key_span.end));
            WrittenAllowlist::List(Vec::new())
        }
        Some(Value::Item(item)) if item.bare == Bare::Token("*") => WrittenAllowlist::All,
        Some(Value::Item(item)) => {
            let expected = "`*` or a list in parentheses, such as `()`";
            errors.push(syntax(expected, item.span.start));
            WrittenAllowlist::List(Vec::new())
        }
        Some(Value::InnerList(items)) => {
            let mut members = Vec::new();
            for (item, params) in items {
                if let Some(param) = params.first() {
                    errors.push(syntax(
                        "no parameters (browsers ignore them)",
                        param.span.start,
                    ));
                }
                let member = match item.bare {
                    Bare::String(origin) => WrittenMember::Quoted(origin),
                    // Browsers compare tokens exactly: `SELF` is not `self`.
                    Bare::Token(token) if token.bytes().any(|b| b.is_ascii_uppercase()) => {
                        let kind = PermissionsErrorKind::InvalidMember(token.to_owned());
                        errors.push((kind, item.span.start));
                        WrittenMember::Token(token)
                    }
                    Bare::Token(token) | Bare::Other(token) => WrittenMember::Token(token),
                };
                members.push((member, item.span.start));
            }
            WrittenAllowlist::List(members)
        }
    };
    WrittenFeature {
        name: member.key,
        name_at: member.key_span.start,
        allowlist,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<PermissionsPolicy, PermissionsError> {
        text.parse()
    }

    #[test]
    fn canonical_form() {
        let policy =
            parse(" camera=(),geolocation=( self  \"https://Maps.example.com\" ),\tfullscreen=*")
                .unwrap();
        assert_eq!(
            policy.as_str(),
            r#"camera=(), geolocation=(self "https://maps.example.com"), fullscreen=*"#
        );
        assert_eq!(parse(policy.as_str()).unwrap(), policy);
        assert_eq!(
            parse(r#"geolocation=("https://*.example.com" src)"#)
                .unwrap()
                .as_str(),
            r#"geolocation=("https://*.example.com" src)"#
        );
    }

    #[test]
    fn errors_and_their_offsets() {
        let kind = |text| parse(text).unwrap_err().kind().clone();
        assert_eq!(
            kind("camra=()"),
            PermissionsErrorKind::UnknownFeature {
                name: "camra".into(),
                suggestion: Some("camera")
            }
        );
        assert_eq!(
            kind("camera=(), camera=*"),
            PermissionsErrorKind::DuplicateFeature("camera".into())
        );
        assert_eq!(parse("camera=(), camera=*").unwrap_err().offset(), 11);
        assert_eq!(
            kind("camera=(none)"),
            PermissionsErrorKind::InvalidMember("none".into())
        );
        assert_eq!(kind("camera=(*)"), PermissionsErrorKind::WildcardInList);
        assert!(matches!(
            kind(r#"camera=("https://a.example/")"#),
            PermissionsErrorKind::InvalidOrigin(_)
        ));
        assert!(matches!(
            kind(r#"camera=("https://a.example"#),
            PermissionsErrorKind::Syntax(_)
        ));
        assert!(matches!(kind("camera"), PermissionsErrorKind::Syntax(_)));
        assert!(matches!(
            kind("camera=self"),
            PermissionsErrorKind::Syntax(_)
        ));
        assert!(matches!(
            kind("camera=() geolocation=()"),
            PermissionsErrorKind::Syntax(_)
        ));
        assert!(matches!(
            kind("camera=()\r\nx: y"),
            PermissionsErrorKind::Syntax(_)
        ));
        assert_eq!(kind(""), PermissionsErrorKind::Empty);
    }

    /// The wildcard is taken out before the rest is read as an origin; the error still
    /// names the origin as written (it named `https://*.example.com`, a valid one).
    #[test]
    fn a_wildcard_origin_error_names_what_was_written() {
        let message = |text| parse(text).unwrap_err().to_string();
        assert!(
            message(r#"camera=("https://*.*.example.com")"#)
                .contains("invalid origin `https://*.*.example.com`: the host is a name"),
            "{}",
            message(r#"camera=("https://*.*.example.com")"#)
        );
        assert!(message(r#"camera=("https://*.")"#).contains("invalid origin `https://*.`: "));
        assert!(message(r#"camera=("https://*.a.example:443")"#).contains(
            "invalid origin `https://*.a.example:443`: browsers leave the default port out"
        ));
    }

    /// Structured fields are case-sensitive and allow only spaces inside lists: browsers
    /// ignore the whole header otherwise (or skip `SELF`), so these are refused too.
    #[test]
    fn what_browsers_ignore_is_refused() {
        let error = |text| {
            let error = parse(text).unwrap_err();
            (error.kind().clone(), error.offset())
        };
        let syntax = |expected| PermissionsErrorKind::Syntax(expected);
        assert_eq!(
            error("camera=(), Geolocation=()"),
            (
                syntax(
                    "a lowercase name (browsers ignore the whole header for an uppercase letter)"
                ),
                11
            )
        );
        assert_eq!(
            error("camera=('none')").0.to_string(),
            "expected `self` or a quoted origin; Feature-Policy's `'self'` and `'none'` are `self` and `()` here"
        );
        assert_eq!(
            error("camera=(SELF)"),
            (PermissionsErrorKind::InvalidMember("SELF".into()), 8)
        );
        assert_eq!(
            error("camera=(self\t\"https://a.example\")"),
            (syntax("a space between allow-list members, or `)`"), 12)
        );
        assert_eq!(
            error("camera=(self);report-to=main"),
            (syntax("no parameters (browsers ignore them)"), 13)
        );
        assert_eq!(
            error("camera=(self;a)"),
            (syntax("no parameters (browsers ignore them)"), 12)
        );
        // The first problem in the text, whichever check finds it.
        assert_eq!(
            error("camra=(), camera=self"),
            (
                PermissionsErrorKind::UnknownFeature {
                    name: "camra".into(),
                    suggestion: Some("camera")
                },
                0
            )
        );
    }
}

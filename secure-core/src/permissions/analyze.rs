//! Someone else's Permissions-Policy read as browsers read it: what they enforce, and every
//! oddity.

use super::{
    FEATURES, PermissionsErrorKind, PermissionsPolicy, WrittenAllowlist, WrittenFeature,
    WrittenMember, build, dictionary, member_text,
};
use crate::structured::{Bare, Item, Member, Param, Value};
use crate::syntax::escape_controls;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;

/// Reads a `Permissions-Policy` header value as browsers do (the Permissions Policy
/// specification's "process response policy", and Chromium where it says more): the policy
/// they enforce, and a finding for everything they ignore, skip or read otherwise.
///
/// Never fails and never panics. Text that is not a structured-field dictionary is ignored
/// whole ([`policy`](PermissionsAnalysis::policy) is `None`). In a dictionary browsers skip
/// features they do not know, keep the last value of a repeated feature (in the place of the
/// first), ignore parameters, and read an allow-list as follows:
///
/// - `*`, or a list holding `*`: every origin;
/// - a list: `self` and the quoted origins in it, skipping anything else (`src`, which only
///   an iframe's `allow` attribute reads; other tokens, `SELF` among them; numbers; strings
///   that are not origins); of a URL with a path, or with its scheme's default port, the
///   origin;
/// - `self` alone: `(self)`; any other value that is not a list: `()`, except that Chromium
///   reads a string alone as a list of that origin (the specification reads `()`), which is
///   the reading here.
///
/// Chromium also reads a quoted `"*"` or `"'self'"` as the keyword, and CSP sources that are
/// not origins (`"https:"`, `"https://*"`, `"https://a.example:*"`); the first are read so
/// here, the second are left out of the policy with a finding that says so.
///
/// `FromStr` accepts a header exactly when browsers enforce something of it and it has no
/// finding but `src` in a list (which `FromStr` accepts, and browsers skip); then it reads
/// the same policy, `src` aside.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::permissions;
/// let header = r#"camera=(), geolocation=(self "https://maps.example.com/"), interest-cohort=(), microphone=none"#;
/// let analysis = permissions::analyze(header);
/// assert_eq!(
///     analysis.policy().unwrap().as_str(),
///     r#"camera=(), geolocation=(self "https://maps.example.com"), microphone=()"#
/// );
/// let findings: Vec<String> = analysis.findings().iter().map(|f| f.to_string()).collect();
/// assert_eq!(findings, [
///     "browsers read this as the origin `https://maps.example.com`; write that",
///     "unknown feature `interest-cohort`, which browsers skip",
///     "`microphone=none` is not a list; browsers read it as `microphone=()`",
/// ]);
/// assert_eq!(&header[analysis.findings()[1].span()], "interest-cohort");
///
/// let analysis = permissions::analyze("Camera=()");
/// assert_eq!(analysis.policy(), None);
/// assert_eq!(
///     analysis.findings()[0].to_string(),
///     "browsers ignore this header: expected a lowercase name (browsers ignore the whole header for an uppercase letter)"
/// );
/// ```
pub fn analyze(header: &str) -> PermissionsAnalysis {
    let members = match dictionary(header) {
        Ok(members) => members,
        Err(error) => {
            let at = error.offset;
            let end = header[at..]
                .chars()
                .next()
                .map_or(at, |c| at + c.len_utf8());
            let finding = PermissionsFinding {
                kind: PermissionsFindingKind::HeaderIgnored(error.kind),
                span: at..end,
            };
            return PermissionsAnalysis {
                policy: None,
                findings: vec![finding],
            };
        }
    };
    let mut reader = Reader {
        header,
        findings: Vec::new(),
    };
    // A repeated key's last value replaces the first's, in its place (RFC 8941 4.2.2).
    let last: HashMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.key, i))
        .collect();
    let mut seen = HashSet::new();
    let mut order = Vec::new();
    let mut values = HashMap::new();
    for (i, member) in members.iter().enumerate() {
        if !seen.insert(member.key) {
            let kind = PermissionsFindingKind::DuplicateFeature(member.key.to_owned());
            reader.note(kind, member.key_span.clone());
        } else {
            order.push(member.key);
        }
        if last[member.key] == i
            && let Some(allowlist) = reader.member(member)
        {
            values.insert(member.key, allowlist);
        }
    }
    let written: Vec<WrittenFeature<'_, usize>> = order
        .iter()
        .filter_map(|key| {
            let allowlist = values.remove(key)?;
            Some(WrittenFeature {
                name: key,
                name_at: 0,
                allowlist,
            })
        })
        .collect();
    let policy = if written.is_empty() {
        None
    } else {
        build(&written, 0).ok()
    };
    PermissionsAnalysis {
        policy,
        findings: reader.findings,
    }
}

/// A Permissions-Policy header as browsers read it: see [`analyze`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionsAnalysis {
    policy: Option<PermissionsPolicy>,
    findings: Vec<PermissionsFinding>,
}

impl PermissionsAnalysis {
    /// What browsers enforce, in canonical form; `None` when they enforce nothing of the
    /// header (they ignore it, or it names no feature they know).
    pub fn policy(&self) -> Option<&PermissionsPolicy> {
        self.policy.as_ref()
    }

    /// Everything ignored, skipped or read otherwise, in the order of the text.
    pub fn findings(&self) -> &[PermissionsFinding] {
        &self.findings
    }
}

/// One oddity of a Permissions-Policy header, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionsFinding {
    kind: PermissionsFindingKind,
    span: Range<usize>,
}

impl PermissionsFinding {
    /// What it is.
    pub fn kind(&self) -> &PermissionsFindingKind {
        &self.kind
    }

    /// The bytes of the header it is about: a feature name, a value, a member, a parameter,
    /// or the character where the header stops being a dictionary.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }
}

impl fmt::Display for PermissionsFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

/// What a [`PermissionsFinding`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PermissionsFindingKind {
    /// Browsers ignore the whole header, for this reason (it is not a structured-field
    /// dictionary, or Chromium finds it too long).
    HeaderIgnored(PermissionsErrorKind),
    /// A feature browsers do not know: they skip it, with a warning in the console.
    UnknownFeature {
        /// The name as written.
        name: String,
        /// A known feature it is probably a typo of.
        suggestion: Option<&'static str>,
    },
    /// A feature given again: browsers keep the last value, in the place of the first.
    DuplicateFeature(String),
    /// A value that is not `*` or a list, and what browsers read it as.
    NotAList {
        /// The feature.
        feature: String,
        /// The value as written; `None` for a feature without `=`.
        written: Option<String>,
        /// The allow-list browsers read, as the policy prints it (`()`, `(self)`, …).
        read_as: String,
    },
    /// `*` in a list: every origin is allowed, whatever else the list holds.
    WildcardInList,
    /// `"*"` or `"'self'"` in quotes, which Chromium reads as the keyword (`*` or `self`).
    QuotedKeyword(&'static str),
    /// A URL with a path, or an origin with its scheme's default port (`:443`), which
    /// browsers read as the origin.
    ReadAsOrigin {
        /// The origin read.
        origin: String,
    },
    /// `src`, which only an iframe's `allow` attribute reads: browsers skip it in a header.
    SrcInHeader,
    /// A member browsers skip, and why it is not one
    /// ([`InvalidMember`](PermissionsErrorKind::InvalidMember) or
    /// [`InvalidOrigin`](PermissionsErrorKind::InvalidOrigin)).
    IgnoredMember(PermissionsErrorKind),
    /// A CSP source Chromium reads in an allow-list (a scheme alone, any host, any port),
    /// which a [`PermissionsPolicy`] cannot hold: it is left out of the policy, which then
    /// allows less than Chromium does.
    SourceNotModelled(String),
    /// The `report-to` parameter: Chromium sends the feature's violation reports to that
    /// endpoint. The policy leaves it out.
    ReportTo,
    /// Any other parameter, which browsers ignore.
    IgnoredParameter(String),
}

impl fmt::Display for PermissionsFindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HeaderIgnored(error) => write!(f, "browsers ignore this header: {error}"),
            Self::UnknownFeature { name, suggestion } => {
                write!(
                    f,
                    "unknown feature `{}`, which browsers skip",
                    escape_controls(name)
                )?;
                match suggestion {
                    Some(known) => write!(f, "; did you mean `{known}`?"),
                    None => Ok(()),
                }
            }
            Self::DuplicateFeature(name) => write!(
                f,
                "`{name}` is given again; browsers keep only its last value"
            ),
            Self::NotAList {
                feature,
                written: Some(written),
                read_as,
            } => write!(
                f,
                "`{feature}={written}` is not a list; browsers read it as `{feature}={read_as}`"
            ),
            Self::NotAList {
                feature, read_as, ..
            } => write!(
                f,
                "`{feature}` has no allow-list; browsers read it as `{feature}={read_as}`"
            ),
            Self::WildcardInList => f.write_str(
                "`*` in a list allows every origin, whatever else the list holds; write `feature=*`",
            ),
            Self::QuotedKeyword(keyword) => write!(
                f,
                "Chromium reads a quoted `{keyword}` as the keyword (the specification skips it); write `{keyword}` without quotes"
            ),
            Self::ReadAsOrigin { origin } => write!(
                f,
                "browsers read this as the origin `{origin}`; write that"
            ),
            Self::SrcInHeader => f.write_str(
                "`src` means the frame's origin only in an iframe's `allow` attribute; browsers skip it in a header",
            ),
            Self::IgnoredMember(error) => write!(f, "browsers skip this member: {error}"),
            Self::SourceNotModelled(source) => write!(
                f,
                "Chromium reads `{}` as a CSP source and allows the origins it matches; the policy shown leaves it out",
                escape_controls(source)
            ),
            Self::ReportTo => f.write_str(
                "`report-to` sends this feature's violation reports to that endpoint in Chromium; the policy shown leaves it out",
            ),
            Self::IgnoredParameter(name) => {
                write!(f, "browsers ignore the parameter `{name}`")
            }
        }
    }
}

/// A member of an allow-list as browsers read it.
enum Read<'a> {
    All,
    Member(WrittenMember<'a>),
    Skipped,
}

struct Reader<'a> {
    header: &'a str,
    findings: Vec<PermissionsFinding>,
}

impl<'a> Reader<'a> {
    fn note(&mut self, kind: PermissionsFindingKind, span: Range<usize>) {
        self.findings.push(PermissionsFinding { kind, span });
    }

    /// The allow-list of the member that counts for its key, or `None` for an unknown
    /// feature.
    fn member(&mut self, member: &Member<'a>) -> Option<WrittenAllowlist<'a, usize>> {
        if !FEATURES.contains(&member.key) {
            let name = member.key.to_owned();
            let suggestion = crate::suggest::closest(&name, FEATURES.iter().copied());
            let kind = PermissionsFindingKind::UnknownFeature { name, suggestion };
            self.note(kind, member.key_span.clone());
            return None;
        }
        let allowlist = match &member.value {
            None => {
                self.note(
                    PermissionsFindingKind::NotAList {
                        feature: member.key.to_owned(),
                        written: None,
                        read_as: "()".into(),
                    },
                    member.key_span.clone(),
                );
                WrittenAllowlist::List(Vec::new())
            }
            Some(Value::Item(item)) if item.bare == Bare::Token("*") => WrittenAllowlist::All,
            Some(Value::Item(item)) => {
                // Chromium reads it as a list of one; what is wrong with it is said once.
                let mut quiet = Reader {
                    header: self.header,
                    findings: Vec::new(),
                };
                let allowlist = quiet.allowlist([(item, &[][..])]);
                self.note(
                    PermissionsFindingKind::NotAList {
                        feature: member.key.to_owned(),
                        written: Some(self.header[item.span.clone()].to_owned()),
                        read_as: allowlist_text(&allowlist),
                    },
                    item.span.clone(),
                );
                allowlist
            }
            Some(Value::InnerList(items)) => {
                self.allowlist(items.iter().map(|(item, params)| (item, &params[..])))
            }
        };
        self.params(&member.params, true);
        Some(allowlist)
    }

    fn params(&mut self, params: &[Param<'_>], of_member: bool) {
        for param in params {
            let kind = if of_member && param.key == "report-to" {
                PermissionsFindingKind::ReportTo
            } else {
                PermissionsFindingKind::IgnoredParameter(param.key.to_owned())
            };
            self.note(kind, param.span.clone());
        }
    }

    fn allowlist<'i>(
        &mut self,
        items: impl IntoIterator<Item = (&'i Item<'a>, &'i [Param<'a>])>,
    ) -> WrittenAllowlist<'a, usize>
    where
        'a: 'i,
    {
        let mut all = false;
        let mut members = Vec::new();
        for (item, params) in items {
            match self.item(item) {
                Read::All => all = true,
                Read::Member(member) => members.push((member, item.span.start)),
                Read::Skipped => {}
            }
            self.params(params, false);
        }
        if all {
            WrittenAllowlist::All
        } else {
            WrittenAllowlist::List(members)
        }
    }

    fn item(&mut self, item: &Item<'a>) -> Read<'a> {
        use PermissionsFindingKind as K;
        let span = item.span.clone();
        let (read, kind) = match item.bare {
            Bare::Token("*") => (Read::All, Some(K::WildcardInList)),
            Bare::Token("self") => (Read::Member(WrittenMember::Token("self")), None),
            Bare::Token("src") => (Read::Skipped, Some(K::SrcInHeader)),
            Bare::Token(other) | Bare::Other(other) => {
                let error = PermissionsErrorKind::InvalidMember(other.to_owned());
                (Read::Skipped, Some(K::IgnoredMember(error)))
            }
            Bare::String("*") => (Read::All, Some(K::QuotedKeyword("*"))),
            Bare::String(quoted) if quoted.eq_ignore_ascii_case("'self'") => (
                Read::Member(WrittenMember::Token("self")),
                Some(K::QuotedKeyword("self")),
            ),
            Bare::String(quoted) => match member_text(&WrittenMember::Quoted(quoted)) {
                Ok(_) => (Read::Member(WrittenMember::Quoted(quoted)), None),
                Err(error) => match origin_read_from(quoted) {
                    Some(origin) => {
                        let shown = origin.to_ascii_lowercase();
                        (
                            Read::Member(WrittenMember::Quoted(origin)),
                            Some(K::ReadAsOrigin { origin: shown }),
                        )
                    }
                    None if is_csp_source(quoted) => {
                        (Read::Skipped, Some(K::SourceNotModelled(quoted.to_owned())))
                    }
                    None => (Read::Skipped, Some(K::IgnoredMember(error))),
                },
            },
        };
        if let Some(kind) = kind {
            self.note(kind, span);
        }
        read
    }
}

/// The origin browsers read from text that is not one as written: a URL with a path, or an
/// origin with its scheme's default port.
fn origin_read_from(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split('/').next().unwrap_or(rest);
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => "",
    };
    let host = match authority.strip_suffix(default_port) {
        Some(host) if !default_port.is_empty() => host,
        _ => authority,
    };
    let origin = &url[..scheme.len() + 3 + host.len()];
    let changed = origin.len() < url.len();
    (changed && member_text(&WrittenMember::Quoted(origin)).is_ok()).then_some(origin)
}

/// Whether Chromium reads `text` as a CSP source an origin cannot say: a scheme alone
/// (`https:`), any host (`https://*`) or any port (`https://a.example:*`).
fn is_csp_source(text: &str) -> bool {
    let scheme = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    };
    if let Some(alone) = text.strip_suffix(':') {
        return scheme(alone);
    }
    let Some((written_scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    let any_host = authority == "*" || authority.starts_with("*:");
    let any_port = authority.strip_suffix(":*").is_some_and(|host| {
        member_text(&WrittenMember::Quoted(&format!(
            "{written_scheme}://{host}"
        )))
        .is_ok()
    });
    scheme(written_scheme) && (any_host || any_port)
}

/// The allow-list as the policy prints it.
fn allowlist_text(allowlist: &WrittenAllowlist<'_, usize>) -> String {
    match allowlist {
        WrittenAllowlist::All => "*".into(),
        WrittenAllowlist::List(members) => {
            let texts: Vec<String> = members
                .iter()
                .filter_map(|(member, _)| member_text(member).ok())
                .collect();
            format!("({})", texts.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PermissionsFindingKind as K;

    /// The policy's header and each finding as (kind, the text it spans).
    fn read(header: &str) -> (Option<String>, Vec<(K, &str)>) {
        let analysis = analyze(header);
        let findings = analysis
            .findings()
            .iter()
            .map(|f| (f.kind().clone(), &header[f.span()]))
            .collect();
        (analysis.policy().map(|p| p.as_str().to_owned()), findings)
    }

    fn policy(header: &str) -> Option<String> {
        read(header).0
    }

    #[test]
    fn real_world_headers() {
        let header = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";
        assert_eq!(read(header), (Some(header.into()), vec![]));
        // The cohort tracking opt-out that many sites still send.
        assert_eq!(
            read("interest-cohort=()"),
            (
                None,
                vec![(
                    K::UnknownFeature {
                        name: "interest-cohort".into(),
                        suggestion: None
                    },
                    "interest-cohort"
                )]
            )
        );
        assert_eq!(
            read(r#"fullscreen=(self "https://player.example" "https://*.cdn.example"), autoplay=*"#),
            (
                Some(
                    r#"fullscreen=(self "https://player.example" "https://*.cdn.example"), autoplay=*"#
                        .into()
                ),
                vec![]
            )
        );
        // Feature-Policy syntax sent as Permissions-Policy: not a dictionary.
        let (policy, findings) = read("camera 'none'; microphone 'none'");
        assert_eq!(policy, None);
        assert!(matches!(
            findings[..],
            [(K::HeaderIgnored(PermissionsErrorKind::Syntax(_)), "'")]
        ));
    }

    #[test]
    fn values_that_are_not_lists() {
        let not_a_list = |feature: &str, written: Option<&str>, read_as: &str| K::NotAList {
            feature: feature.into(),
            written: written.map(Into::into),
            read_as: read_as.into(),
        };
        assert_eq!(
            read("geolocation=self, camera=none, usb"),
            (
                Some("geolocation=(self), camera=(), usb=()".into()),
                vec![
                    (not_a_list("geolocation", Some("self"), "(self)"), "self"),
                    (not_a_list("camera", Some("none"), "()"), "none"),
                    (not_a_list("usb", None, "()"), "usb"),
                ]
            )
        );
        assert_eq!(
            read(r#"payment="https://Pay.example", midi=?1"#),
            (
                Some(r#"payment=("https://pay.example"), midi=()"#.into()),
                vec![
                    (
                        not_a_list(
                            "payment",
                            Some(r#""https://Pay.example""#),
                            r#"("https://pay.example")"#
                        ),
                        r#""https://Pay.example""#
                    ),
                    (not_a_list("midi", Some("?1"), "()"), "?1"),
                ]
            )
        );
    }

    #[test]
    fn members_browsers_skip_or_read_otherwise() {
        assert_eq!(
            read(r#"camera=(SELF src none 1 "https://a.example/x" "'self'"), usb=(self *)"#),
            (
                Some(r#"camera=("https://a.example" self), usb=*"#.into()),
                vec![
                    (
                        K::IgnoredMember(PermissionsErrorKind::InvalidMember("SELF".into())),
                        "SELF"
                    ),
                    (K::SrcInHeader, "src"),
                    (
                        K::IgnoredMember(PermissionsErrorKind::InvalidMember("none".into())),
                        "none"
                    ),
                    (
                        K::IgnoredMember(PermissionsErrorKind::InvalidMember("1".into())),
                        "1"
                    ),
                    (
                        K::ReadAsOrigin {
                            origin: "https://a.example".into()
                        },
                        r#""https://a.example/x""#
                    ),
                    (K::QuotedKeyword("self"), r#""'self'""#),
                    (K::WildcardInList, "*"),
                ]
            )
        );
        let (policy, findings) =
            read(r#"camera=("https:" "https://*" "https://a.example:*" "a.example")"#);
        assert_eq!(policy.as_deref(), Some("camera=()"));
        let kinds: Vec<_> = findings
            .iter()
            .map(|(k, text)| (k.clone(), *text))
            .collect();
        assert_eq!(
            kinds[0],
            (K::SourceNotModelled("https:".into()), r#""https:""#)
        );
        assert_eq!(kinds[1].0, K::SourceNotModelled("https://*".into()));
        assert_eq!(
            kinds[2].0,
            K::SourceNotModelled("https://a.example:*".into())
        );
        assert!(matches!(
            kinds[3].0,
            K::IgnoredMember(PermissionsErrorKind::InvalidOrigin(_))
        ));
    }

    #[test]
    fn repeated_features_keep_the_last_value_in_the_first_place() {
        assert_eq!(
            read("camera=(), usb=(), camera=*"),
            (
                Some("camera=*, usb=()".into()),
                vec![(K::DuplicateFeature("camera".into()), "camera")]
            )
        );
        // What is wrong with a value that is replaced does not matter.
        assert_eq!(
            policy("camera=(nonsense), camera=(self)").as_deref(),
            Some("camera=(self)")
        );
    }

    #[test]
    fn parameters_are_ignored() {
        assert_eq!(
            read("camera=(self;a=1);report-to=main, usb=*;b"),
            (
                Some("camera=(self), usb=*".into()),
                vec![
                    (K::IgnoredParameter("a".into()), ";a=1"),
                    (K::ReportTo, ";report-to=main"),
                    (K::IgnoredParameter("b".into()), ";b"),
                ]
            )
        );
    }

    #[test]
    fn headers_browsers_ignore() {
        for (header, at) in [
            ("Camera=()", "C"),
            ("camera=(),", ""),
            ("camera=(\tself)", "\t"),
            ("camera=() geolocation=()", "g"),
            ("camera=(self)\u{85}", "\u{85}"),
        ] {
            let (policy, findings) = read(header);
            assert_eq!(policy, None, "{header:?}");
            assert!(
                matches!(&findings[..], [(K::HeaderIgnored(_), found)] if *found == at),
                "{header:?}: {findings:?}"
            );
        }
        let long = format!("camera=({})", "self ".repeat(20_000));
        assert_eq!(policy(&long), None);
        assert_eq!(read(""), (None, vec![]));
    }

    #[test]
    fn what_from_str_accepts_reads_the_same_but_src() {
        for header in [
            r#"camera=(), geolocation=(self "https://maps.example.com"), fullscreen=*"#,
            r#"camera=( self  "https://A.example:8443" ),usb=()"#,
        ] {
            let parsed: PermissionsPolicy = header.parse().unwrap();
            assert_eq!(read(header), (Some(parsed.as_str().into()), vec![]));
        }
        let header = r#"payment=(src "https://*.pay.example")"#;
        assert!(header.parse::<PermissionsPolicy>().is_ok());
        assert_eq!(
            read(header),
            (
                Some(r#"payment=("https://*.pay.example")"#.into()),
                vec![(K::SrcInHeader, "src")]
            )
        );
    }
}

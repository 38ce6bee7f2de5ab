//! What can be wrong with a policy, and how to say it.

use super::directive::{DirectiveName, ValueGrammar};
use super::keyword::Keyword;
use super::value::HashAlgorithm;
pub use crate::syntax::Syntax;
use crate::syntax::escape_controls;
use std::fmt;

/// One problem found in a policy, independent of where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CspErrorKind {
    /// The policy has no directive.
    EmptyPolicy,
    /// A directive name that CSP does not define.
    UnknownDirective {
        /// The name as written.
        name: String,
        /// A known name it is probably a typo of.
        suggestion: Option<&'static str>,
    },
    /// A directive browsers no longer implement.
    ObsoleteDirective {
        /// The obsolete name.
        name: &'static str,
        /// What to do instead.
        advice: &'static str,
    },
    /// A directive name written with a colon (`default-src:`) in header syntax.
    ColonAfterName {
        /// The name without the colon.
        name: String,
    },
    /// The second occurrence of a directive; browsers ignore it.
    DuplicateDirective(DirectiveName),
    /// A directive that needs a value has none.
    MissingValue(DirectiveName),
    /// A directive that takes no value has one.
    UnexpectedValue(DirectiveName),
    /// A directive that takes exactly one value has more.
    TooManyValues(DirectiveName),
    /// A quoted word that is not a CSP keyword.
    UnknownKeyword {
        /// The word without quotes.
        name: String,
        /// A keyword it is probably a typo of.
        suggestion: Option<Keyword>,
    },
    /// A keyword written without quotes in header syntax: browsers read it as a host name.
    UnquotedKeyword(Keyword),
    /// A nonce source without its quotes (`nonce-abc`), which browsers read as a host name.
    UnquotedNonce(String),
    /// A hash source without its quotes (`sha256-…`), which browsers read as a host name.
    UnquotedHash(String),
    /// A directive name among the sources of another directive: the `;` between the two is
    /// missing, and browsers read the name, and the next directive's sources, as hosts.
    DirectiveNameAsSource(DirectiveName),
    /// A keyword in a directive where it has no meaning.
    KeywordNotAllowed {
        /// The keyword.
        keyword: Keyword,
        /// The directive it was written in.
        directive: DirectiveName,
    },
    /// A nonce or hash in a directive that does not govern scripts or styles.
    NonceOrHashNotAllowed {
        /// "nonce" or "hash".
        what: &'static str,
        /// The directive it was written in.
        directive: DirectiveName,
    },
    /// `'none'` together with other sources.
    NoneWithOtherSources,
    /// `'strict-dynamic'` with no nonce or hash in the same directive.
    StrictDynamicWithoutNonceOrHash,
    /// A literal `'nonce-...'`: a constant nonce protects nothing.
    ConstantNonce,
    /// `'nonce'`, this library's placeholder, in a header read as a browser reads it
    /// ([`analyze`](super::analyze)): sent as written it is an unknown keyword.
    NoncePlaceholder,
    /// A hash source whose base64 does not decode to the digest length.
    InvalidHash {
        /// The algorithm it names.
        algorithm: HashAlgorithm,
        /// What is wrong.
        reason: &'static str,
    },
    /// A quoted word that starts like a hash with an unknown algorithm (`'sha1-...'`).
    UnknownHashAlgorithm(String),
    /// A malformed host source.
    InvalidHost {
        /// The source as written.
        source: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A malformed scheme.
    InvalidScheme(String),
    /// A character that can never appear in a policy: control, non-ASCII, `;` or `,` inside a value.
    InvalidCharacter(char),
    /// A `,` between directives: it separates whole policies.
    Comma,
    /// A word that is not a sandbox flag.
    InvalidSandboxFlag {
        /// The word as written.
        flag: String,
        /// A flag it is probably a typo of.
        suggestion: Option<&'static str>,
    },
    /// An empty string written as a value.
    EmptyValue(DirectiveName),
    /// Any other value that does not fit its directive's grammar.
    InvalidValue {
        /// The directive.
        directive: DirectiveName,
        /// The value as written.
        value: String,
        /// What the directive accepts.
        expected: &'static str,
    },
}

struct Kw(Keyword, Syntax);

impl fmt::Display for Kw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Syntax::Header => write!(f, "`{}`", self.0),
            Syntax::Macro => write!(f, "`{}`", self.0.name()),
        }
    }
}

impl CspErrorKind {
    /// The message, in rustc's voice, spelling keywords as the given syntax writes them.
    pub fn message(&self, syntax: Syntax) -> String {
        use CspErrorKind as E;
        let kw = |k: Keyword| Kw(k, syntax);
        let nonce = match syntax {
            Syntax::Header => "`'nonce'`",
            Syntax::Macro => "`nonce`",
        };
        match self {
            E::EmptyPolicy => "a policy needs at least one directive, e.g. `default-src`".into(),
            E::UnknownDirective { name, suggestion } => match suggestion {
                Some(s) => format!(
                    "unknown directive `{}`; did you mean `{s}`?",
                    escape_controls(name)
                ),
                None => format!(
                    "unknown directive `{}`; see `DirectiveName` for the directives CSP defines",
                    escape_controls(name)
                ),
            },
            E::ObsoleteDirective { name, advice } => format!("`{name}` is obsolete: {advice}"),
            E::ColonAfterName { name } => {
                format!("directive names take no colon in a header: write `{name}`, not `{name}:`")
            }
            E::DuplicateDirective(d) => format!(
                "duplicate directive `{d}`: browsers ignore every occurrence after the first; merge their sources"
            ),
            E::MissingValue(d) => match d.grammar() {
                ValueGrammar::SourceList => format!(
                    "`{d}` needs at least one source; write {} to allow nothing",
                    kw(Keyword::None)
                ),
                _ => format!("`{d}` needs a value"),
            },
            E::UnexpectedValue(d) => format!("`{d}` takes no value"),
            E::TooManyValues(d) => format!("`{d}` takes exactly one value"),
            E::UnknownKeyword { name, suggestion } => match suggestion {
                Some(s) => format!("unknown keyword `{name}`; did you mean {}?", kw(*s)),
                None => format!("unknown keyword `{name}`"),
            },
            E::UnquotedKeyword(k) => match syntax {
                Syntax::Header => format!(
                    "`{}` without quotes is a host name; did you mean `{k}`?",
                    k.name()
                ),
                Syntax::Macro => format!(
                    "the string \"{0}\" is a host named `{0}`; write the keyword without quotes: `{0}`",
                    k.name()
                ),
            },
            E::UnquotedNonce(text) => match syntax {
                Syntax::Header => format!(
                    "`{}` without quotes is a host name; a nonce source is quoted and fresh per response: write {nonce}",
                    escape_controls(text)
                ),
                Syntax::Macro => format!(
                    "the string \"{}\" is a host name, not a nonce; write {nonce} and the middleware inserts a fresh one per response",
                    escape_controls(text)
                ),
            },
            E::UnquotedHash(text) => match syntax {
                Syntax::Header => format!(
                    "`{0}` without quotes is a host name; did you mean `'{0}'`?",
                    escape_controls(text)
                ),
                Syntax::Macro => format!(
                    "the string \"{0}\" is a host name, not a hash; write the hash source with its quotes, \"'{0}'\", or `{1}(\"...\")` with the inline code",
                    escape_controls(text),
                    // The text begins with `sha256-`, `sha384-` or `sha512-`, in any case.
                    text.get(..6).unwrap_or("sha256").to_ascii_lowercase()
                ),
            },
            E::DirectiveNameAsSource(name) => match syntax {
                Syntax::Header => format!(
                    "`{name}` is a directive name, not a host: missing `;` before it?"
                ),
                Syntax::Macro => format!(
                    "the string \"{name}\" is a directive name, not a host: to start a directive, add a `,` and write `{name}: ...`"
                ),
            },
            E::KeywordNotAllowed { keyword, directive } => {
                if *directive == DirectiveName::FrameAncestors {
                    format!(
                        "{} has no meaning in `frame-ancestors`, which accepts only host and scheme sources, {} and {}",
                        kw(*keyword),
                        kw(Keyword::SelfOrigin),
                        kw(Keyword::None)
                    )
                } else {
                    format!("{} has no meaning in `{directive}`", kw(*keyword))
                }
            }
            E::NonceOrHashNotAllowed { what, directive } => format!(
                "a {what} has no meaning in `{directive}`: nonces and hashes apply to scripts and styles only"
            ),
            E::NoneWithOtherSources => format!(
                "{} cannot be combined with other sources: remove it, or remove the other sources",
                kw(Keyword::None)
            ),
            E::StrictDynamicWithoutNonceOrHash => format!(
                "{} without a nonce or hash blocks every script; add {nonce} or a hash",
                kw(Keyword::StrictDynamic)
            ),
            E::ConstantNonce => format!(
                "a constant nonce protects nothing; write {nonce} and the middleware inserts a fresh one per response"
            ),
            E::NoncePlaceholder => "`'nonce'` is secure-http's placeholder for a fresh nonce per response, not a nonce: sent as written it is an unknown keyword".into(),
            E::InvalidHash { algorithm, reason } => {
                format!("invalid `{}` hash: {reason}", algorithm.name())
            }
            E::UnknownHashAlgorithm(name) => format!(
                "unknown hash algorithm `{name}`; use `sha256`, `sha384` or `sha512`"
            ),
            E::InvalidHost { source, reason } => format!("invalid host source `{source}`: {reason}"),
            E::InvalidScheme(s) => format!(
                "invalid scheme `{s}`: a scheme is a letter followed by letters, digits, `+`, `-` or `.`"
            ),
            E::InvalidCharacter(c) => match c {
                ';' => "unexpected `;` inside a value: `;` separates directives".into(),
                ',' => "unexpected `,` inside a value: `,` separates whole policies".into(),
                c if c.is_ascii() || crate::syntax::needs_escape(*c) => format!(
                    "invalid character {:?}: a policy contains only visible ASCII",
                    c
                ),
                c => format!(
                    "invalid character `{c}`: a policy contains only visible ASCII; write host names in punycode"
                ),
            },
            E::Comma => "unexpected `,`: it separates whole policies; parse a list with `PolicyList`, or send each policy in a header of its own".into(),
            E::InvalidSandboxFlag { flag, suggestion } => match suggestion {
                Some(s) => format!("unknown sandbox flag `{flag}`; did you mean `{s}`?"),
                None => format!(
                    "unknown sandbox flag `{flag}`; expected one of {}",
                    super::value::SANDBOX_FLAGS
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
            E::EmptyValue(d) => format!("empty value in `{d}`: write the value inside the quotes"),
            E::InvalidValue {
                directive,
                value,
                expected,
            } => match (syntax, directive.grammar()) {
                // These directives take only keywords, which the macro writes without quotes.
                (
                    Syntax::Macro,
                    ValueGrammar::TrustedTypesSinks
                    | ValueGrammar::WebRtc
                    | ValueGrammar::TrustedTypesPolicies,
                ) => {
                    let expected = expected.replace('\'', "");
                    // A keyword written as a string reaches the header without its quotes.
                    let bare = format!("`{}`", value.to_ascii_lowercase());
                    if !value.starts_with('\'') && expected.contains(&bare) {
                        format!(
                            "the string \"{value}\" is not a keyword in `{directive}`: write it without quotes, {bare}"
                        )
                    } else {
                        format!(
                            "invalid value `{}` for `{directive}`: expected {expected}",
                            value.trim_matches('\'')
                        )
                    }
                }
                _ => format!("invalid value `{value}` for `{directive}`: expected {expected}"),
            },
        }
    }
}

impl fmt::Display for CspErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Syntax::Header))
    }
}

impl std::error::Error for CspErrorKind {}

/// Why a policy given as text was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CspError {
    kind: CspErrorKind,
    offset: usize,
}

impl CspError {
    pub(crate) fn new(kind: CspErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// What is wrong.
    pub fn kind(&self) -> &CspErrorKind {
        &self.kind
    }

    /// The byte offset in the parsed text where the problem starts.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for CspError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.kind, self.offset)
    }
}

impl std::error::Error for CspError {}

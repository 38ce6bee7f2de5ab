//! What can be wrong with an HSTS header.

use super::{Directive, ONE_YEAR, directive_name};
use crate::syntax::{Syntax, escape_controls};
use std::fmt;

/// One problem found in HSTS settings or header text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HstsErrorKind {
    /// `preload` without `includeSubDomains`.
    PreloadWithoutSubdomains,
    /// `preload` with a max-age under one year.
    PreloadTooShort {
        /// The max-age given, in seconds.
        max_age: u32,
    },
    /// A max-age over `u32::MAX` seconds in `hsts!` (header text reads it as `u32::MAX`, as
    /// browsers do).
    MaxAgeTooLarge,
    /// A max-age unit that is not one of [`MAX_AGE_UNITS`](super::MAX_AGE_UNITS).
    UnknownUnit(String),
    /// Header text without `max-age`.
    MissingMaxAge,
    /// A max-age that is not a decimal number.
    InvalidMaxAge(String),
    /// A directive written twice: browsers ignore such a header entirely (they do not read
    /// `preload`, so for it only the authoring rule is broken).
    DuplicateDirective(Directive),
    /// `includeSubDomains=...` or `preload=...`: they take no value.
    UnexpectedValue(Directive),
    /// A character that cannot appear in the header.
    InvalidCharacter(char),
    /// Text outside RFC 6797's grammar (a directive name that is not a token, a value that is
    /// neither a token nor a quoted string, an unclosed quote): what was expected.
    Syntax(&'static str),
}

impl HstsErrorKind {
    /// The message, spelling directive names as the given syntax writes them.
    pub fn message(&self, syntax: Syntax) -> String {
        use HstsErrorKind as E;
        let name = |d| directive_name(d, syntax);
        let subdomains = name(Directive::IncludeSubdomains);
        match self {
            E::PreloadWithoutSubdomains => match syntax {
                Syntax::Macro => format!(
                    "`preload` needs `{subdomains}`: the preload list covers every subdomain; remove `{subdomains}: false` or add `preload: false`"
                ),
                Syntax::Header => format!(
                    "`preload` needs `{subdomains}`: the preload list covers every subdomain; add `{subdomains}` or remove `preload`"
                ),
            },
            E::PreloadTooShort { max_age } => {
                let fix = match syntax {
                    Syntax::Macro => "raise it to `1y` or add `preload: false`",
                    Syntax::Header => "raise it or remove `preload`",
                };
                format!(
                    "`preload` needs a `max-age` of at least one year ({ONE_YEAR} seconds), not {max_age}; {fix}"
                )
            }
            E::MaxAgeTooLarge => format!(
                "`max-age` must be at most {} seconds (about 136 years)",
                u32::MAX
            ),
            E::UnknownUnit(unit) => {
                format!(
                    "unknown unit `{}`; use `s`, `min`, `h`, `d`, `w` or `y` (365 days)",
                    escape_controls(unit)
                )
            }
            E::MissingMaxAge => "`max-age` is required, e.g. `max-age=31536000`".into(),
            E::InvalidMaxAge(value) => {
                format!(
                    "invalid `max-age` value `{}`: expected a number of seconds",
                    escape_controls(value)
                )
            }
            E::DuplicateDirective(Directive::Preload) => {
                "`preload` is given twice; RFC 6797 allows each directive once".into()
            }
            E::DuplicateDirective(d) => format!(
                "`{}` is given twice; browsers ignore a header with a repeated directive",
                name(*d)
            ),
            E::UnexpectedValue(d) => format!("`{}` takes no value", name(*d)),
            E::InvalidCharacter(c) => {
                format!("invalid character {c:?}: the header contains only visible ASCII")
            }
            E::Syntax(expected) => format!("expected {expected}"),
        }
    }
}

impl fmt::Display for HstsErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Syntax::Header))
    }
}

impl std::error::Error for HstsErrorKind {}

/// Why HSTS header text was rejected, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HstsError {
    kind: HstsErrorKind,
    offset: usize,
}

impl HstsError {
    pub(crate) fn new(kind: HstsErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// What is wrong.
    pub fn kind(&self) -> &HstsErrorKind {
        &self.kind
    }

    /// The byte offset in the parsed text where the problem starts.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for HstsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.kind, self.offset)
    }
}

impl std::error::Error for HstsError {}

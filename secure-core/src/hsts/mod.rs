//! Strict-Transport-Security (RFC 6797), with the rules of the browsers' preload list.
//!
//! Your own header is made by `hsts!`, [`StrictTransportSecurity::new`]
//! or `FromStr`; a header someone else sends is read as browsers read it by [`analyze`].

mod analyze;
mod error;
mod parse;

pub use analyze::{HstsAnalysis, HstsFinding, HstsFindingKind, analyze};
pub use error::{HstsError, HstsErrorKind};

use crate::syntax::Syntax;
use std::fmt;

/// One year in seconds, the least `max-age` the preload list accepts.
pub const ONE_YEAR: u32 = 365 * 24 * 60 * 60;

/// The units `hsts!` accepts after a `max-age` number, with their length in seconds.
pub const MAX_AGE_UNITS: &[(&str, u64)] = &[
    ("s", 1),
    ("min", 60),
    ("h", 60 * 60),
    ("d", 24 * 60 * 60),
    ("w", 7 * 24 * 60 * 60),
    ("y", ONE_YEAR as u64),
];

/// A Strict-Transport-Security header: how long browsers must use HTTPS only.
///
/// The default is the original secure-aiohttp's: one year, subdomains included, preload.
/// A value that browsers' preload list would reject (`preload` without `includeSubDomains`
/// or with less than a year) cannot be constructed.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::StrictTransportSecurity;
/// assert_eq!(
///     StrictTransportSecurity::default().to_string(),
///     "max-age=31536000; includeSubDomains; preload"
/// );
/// let short = StrictTransportSecurity::new(600, false, false)?;
/// assert_eq!(short.to_string(), "max-age=600");
/// # Ok::<(), secure_http::hsts::HstsErrorKind>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StrictTransportSecurity {
    max_age: u32,
    include_subdomains: bool,
    preload: bool,
}

impl StrictTransportSecurity {
    /// `max-age=31536000; includeSubDomains; preload`.
    pub const DEFAULT: Self = Self {
        max_age: ONE_YEAR,
        include_subdomains: true,
        preload: true,
    };

    /// Makes the header, checking the preload rules.
    pub fn new(
        max_age: u32,
        include_subdomains: bool,
        preload: bool,
    ) -> Result<Self, HstsErrorKind> {
        match problems(max_age, include_subdomains, preload).next() {
            Some(problem) => Err(problem),
            None => Ok(Self {
                max_age,
                include_subdomains,
                preload,
            }),
        }
    }

    #[doc(hidden)]
    pub const fn __new_unchecked(max_age: u32, include_subdomains: bool, preload: bool) -> Self {
        Self {
            max_age,
            include_subdomains,
            preload,
        }
    }

    /// Seconds browsers remember to use HTTPS only.
    pub const fn max_age(&self) -> u32 {
        self.max_age
    }

    /// Whether subdomains are covered too.
    pub const fn include_subdomains(&self) -> bool {
        self.include_subdomains
    }

    /// Whether the site consents to the browsers' preload list.
    pub const fn preload(&self) -> bool {
        self.preload
    }
}

impl StrictTransportSecurity {
    /// The `hsts! { .. }` invocation that makes this header, every key written out and
    /// `max-age` in the largest unit that divides it exactly.
    ///
    /// A header read by [`analyze`] may ask for `preload` where `hsts!` refuses it (less than a
    /// year, no `includeSubDomains`: the preload list ignores it); such a header has no
    /// `hsts!` form, and [`problems`] says why.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::StrictTransportSecurity;
    /// assert_eq!(
    ///     StrictTransportSecurity::default().to_hsts_macro(),
    ///     "hsts! { max-age: 1y, include-subdomains: true, preload: true }"
    /// );
    /// let short: StrictTransportSecurity = "max-age=1800".parse()?;
    /// assert_eq!(
    ///     short.to_hsts_macro(),
    ///     "hsts! { max-age: 30min, include-subdomains: false, preload: false }"
    /// );
    /// # Ok::<(), secure_http::hsts::HstsError>(())
    /// ```
    pub fn to_hsts_macro(&self) -> String {
        let seconds = u64::from(self.max_age);
        let max_age = MAX_AGE_UNITS
            .iter()
            .rev()
            .find(|(_, length)| seconds > 0 && seconds % length == 0 && *length > 1)
            .map_or_else(
                || seconds.to_string(),
                |(unit, length)| format!("{}{unit}", seconds / length),
            );
        format!(
            "hsts! {{ max-age: {max_age}, include-subdomains: {}, preload: {} }}",
            self.include_subdomains, self.preload
        )
    }
}

impl Default for StrictTransportSecurity {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for StrictTransportSecurity {
    /// Prints the header value: `max-age=N`, then `includeSubDomains`, then `preload`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "max-age={}", self.max_age)?;
        if self.include_subdomains {
            f.write_str("; includeSubDomains")?;
        }
        if self.preload {
            f.write_str("; preload")?;
        }
        Ok(())
    }
}

/// What is wrong with a combination of settings, in the order the macro reports them.
pub fn problems(
    max_age: u32,
    include_subdomains: bool,
    preload: bool,
) -> impl Iterator<Item = HstsErrorKind> {
    let without_subdomains = preload && !include_subdomains;
    let too_short = preload && max_age < ONE_YEAR;
    [
        without_subdomains.then_some(HstsErrorKind::PreloadWithoutSubdomains),
        too_short.then_some(HstsErrorKind::PreloadTooShort { max_age }),
    ]
    .into_iter()
    .flatten()
}

/// Seconds for a number and a unit of [`MAX_AGE_UNITS`] (`""` means seconds).
pub fn max_age_seconds(number: u64, unit: &str) -> Result<u32, HstsErrorKind> {
    let per_unit = match unit {
        "" => 1,
        unit => MAX_AGE_UNITS
            .iter()
            .find(|(name, _)| *name == unit)
            .map(|(_, seconds)| *seconds)
            .ok_or_else(|| HstsErrorKind::UnknownUnit(unit.to_owned()))?,
    };
    number
        .checked_mul(per_unit)
        .and_then(|seconds| u32::try_from(seconds).ok())
        .ok_or(HstsErrorKind::MaxAgeTooLarge)
}

/// Names of the directives, as each syntax spells them.
pub(crate) fn directive_name(directive: Directive, syntax: Syntax) -> &'static str {
    match (directive, syntax) {
        (Directive::MaxAge, _) => "max-age",
        (Directive::IncludeSubdomains, Syntax::Header) => "includeSubDomains",
        (Directive::IncludeSubdomains, Syntax::Macro) => "include-subdomains",
        (Directive::Preload, _) => "preload",
    }
}

/// The three directives of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    /// `max-age`.
    MaxAge,
    /// `includeSubDomains` (`include-subdomains` in `hsts!`).
    IncludeSubdomains,
    /// `preload`.
    Preload,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(max_age_seconds(600, ""), Ok(600));
        assert_eq!(max_age_seconds(30, "min"), Ok(1800));
        assert_eq!(max_age_seconds(12, "h"), Ok(43_200));
        assert_eq!(max_age_seconds(180, "d"), Ok(15_552_000));
        assert_eq!(max_age_seconds(26, "w"), Ok(15_724_800));
        assert_eq!(max_age_seconds(1, "y"), Ok(31_536_000));
        assert_eq!(
            max_age_seconds(200, "y"),
            Err(HstsErrorKind::MaxAgeTooLarge)
        );
        assert_eq!(
            max_age_seconds(1, "m"),
            Err(HstsErrorKind::UnknownUnit("m".into()))
        );
    }

    #[test]
    fn preload_rules() {
        assert!(StrictTransportSecurity::new(ONE_YEAR, true, true).is_ok());
        assert!(StrictTransportSecurity::new(0, false, false).is_ok());
        assert_eq!(
            StrictTransportSecurity::new(ONE_YEAR, false, true),
            Err(HstsErrorKind::PreloadWithoutSubdomains)
        );
        assert_eq!(
            StrictTransportSecurity::new(600, true, true),
            Err(HstsErrorKind::PreloadTooShort { max_age: 600 })
        );
        assert_eq!(problems(600, false, true).count(), 2);
    }

    #[test]
    fn prints_the_original_forms() {
        let print = |a, i, p| StrictTransportSecurity::new(a, i, p).unwrap().to_string();
        assert_eq!(print(600, false, false), "max-age=600");
        assert_eq!(print(600, true, false), "max-age=600; includeSubDomains");
        assert_eq!(
            print(ONE_YEAR, true, true),
            "max-age=31536000; includeSubDomains; preload"
        );
    }
}

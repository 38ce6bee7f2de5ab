//! Strict-Transport-Security as header text, or as a table with the keys and defaults of
//! `hsts!`.

use super::Key;
use crate::hsts::{HstsErrorKind, ONE_YEAR, StrictTransportSecurity, max_age_seconds};
use crate::syntax::Syntax;
use serde::de::{self, Deserializer, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

const KEYS: &[&str] = &["max-age", "include-subdomains", "preload"];

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for StrictTransportSecurity {
    /// Writes the header text.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> Deserialize<'de> for StrictTransportSecurity {
    /// Reads header text through [`FromStr`](std::str::FromStr), or a table written as
    /// `hsts!` is: `max-age` (seconds, or a number with a unit such as `"180d"`; one year if
    /// absent), `include-subdomains` and `preload` (both `true` if absent). Both forms refuse
    /// what the preload list would.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::StrictTransportSecurity;
    /// #[derive(serde::Deserialize)]
    /// struct Config {
    ///     hsts: StrictTransportSecurity,
    /// }
    /// let text: Config = toml::from_str(r#"hsts = "max-age=600; includeSubDomains""#)?;
    /// assert_eq!(text.hsts.to_string(), "max-age=600; includeSubDomains");
    /// let table: Config = toml::from_str(r#"hsts = { max-age = "2y" }"#)?;
    /// assert_eq!(table.hsts.to_string(), "max-age=63072000; includeSubDomains; preload");
    /// # Ok::<(), toml::de::Error>(())
    /// ```
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HstsVisitor)
    }
}

struct HstsVisitor;

impl<'de> Visitor<'de> for HstsVisitor {
    type Value = StrictTransportSecurity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a Strict-Transport-Security header value, or a table of `max-age`, `include-subdomains` and `preload`",
        )
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut max_age = None;
        let mut include_subdomains = None;
        let mut preload = None;
        while let Some(key) = map.next_key_seed(Key(KEYS))? {
            let duplicate = match key {
                "max-age" => max_age.replace(map.next_value::<MaxAge>()?.0).is_some(),
                "include-subdomains" => include_subdomains.replace(map.next_value()?).is_some(),
                _ => preload.replace(map.next_value()?).is_some(),
            };
            if duplicate {
                return Err(de::Error::duplicate_field(key));
            }
        }
        StrictTransportSecurity::new(
            max_age.unwrap_or(ONE_YEAR),
            include_subdomains.unwrap_or(true),
            preload.unwrap_or(true),
        )
        .map_err(macro_error)
    }
}

/// The table is written with the macro's names, so its messages use them too.
fn macro_error<E: de::Error>(kind: HstsErrorKind) -> E {
    E::custom(kind.message(Syntax::Macro))
}

/// `max-age` in the table: seconds, or a number and a unit as `hsts!` writes them.
struct MaxAge(u32);

impl<'de> Deserialize<'de> for MaxAge {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MaxAgeVisitor)
    }
}

struct MaxAgeVisitor;

impl Visitor<'_> for MaxAgeVisitor {
    type Value = MaxAge;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a number of seconds, or a number with a unit: `s`, `min`, `h`, `d`, `w` or `y`",
        )
    }

    fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<MaxAge, E> {
        max_age_seconds(seconds, "")
            .map(MaxAge)
            .map_err(macro_error)
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<MaxAge, E> {
        match u64::try_from(seconds) {
            Ok(seconds) => self.visit_u64(seconds),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(seconds), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<MaxAge, E> {
        let text = text.trim();
        let (number, unit) = text.split_at(
            text.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len()),
        );
        if number.is_empty() {
            return Err(macro_error(HstsErrorKind::InvalidMaxAge(text.to_owned())));
        }
        // Only digits: too many of them is the one way to fail.
        let number = number
            .parse()
            .map_err(|_| macro_error(HstsErrorKind::MaxAgeTooLarge))?;
        max_age_seconds(number, unit)
            .map(MaxAge)
            .map_err(macro_error)
    }
}

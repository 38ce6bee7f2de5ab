//! Lint levels in configuration: `enforce-lints = true`, or a table naming lints.

use super::Key;
use crate::csp::lint::{Lint, LintLevels};
use serde::de::{self, Deserializer, MapAccess, Unexpected, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

const KEYS: &[&str] = &["deny-all", "deny", "allow"];

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
/// Reads `true` ([`LintLevels::new`]: what `csp!` denies by default) or a table
/// `{ deny-all = true, deny = ["unsafe_eval"], allow = ["bypass_host"] }`: `deny-all` first,
/// then the named lints; a lint both denied and allowed is refused, and so is an unknown
/// name (with the nearest one).
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::csp::lint::{Lint, LintLevels};
/// let levels: LintLevels = toml::from_str(r#"allow = ["bypass_host"]"#)?;
/// assert_eq!(levels, LintLevels::new().allow(Lint::BypassHost));
/// let error = toml::from_str::<LintLevels>(r#"deny = ["unsafe_evil"]"#).unwrap_err();
/// assert_eq!(error.message(), "unknown lint `unsafe_evil`; did you mean `unsafe_eval`?");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<'de> Deserialize<'de> for LintLevels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LevelsVisitor)
    }
}

struct LevelsVisitor;

impl<'de> Visitor<'de> for LevelsVisitor {
    type Value = LintLevels;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`true`, or a table of `deny-all`, `deny` and `allow`")
    }

    fn visit_bool<E: de::Error>(self, on: bool) -> Result<LintLevels, E> {
        match on {
            true => Ok(LintLevels::new()),
            false => Err(E::invalid_value(Unexpected::Bool(false), &self)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LintLevels, A::Error> {
        let (mut deny_all, mut deny, mut allow) = (false, Vec::new(), Vec::new());
        let mut seen = Vec::new();
        while let Some(key) = map.next_key_seed(Key(KEYS))? {
            if seen.contains(&key) {
                return Err(de::Error::duplicate_field(key));
            }
            seen.push(key);
            match key {
                "deny-all" => deny_all = map.next_value()?,
                "deny" => deny = map.next_value::<Vec<String>>()?,
                _ => allow = map.next_value::<Vec<String>>()?,
            }
        }
        let lint = |name: &String| {
            Lint::from_name(name).ok_or_else(|| match Lint::closest(name) {
                Some(close) => de::Error::custom(format_args!(
                    "unknown lint `{}`; did you mean `{close}`?",
                    crate::syntax::escape_controls(name)
                )),
                None => de::Error::custom(format_args!(
                    "unknown lint `{}`",
                    crate::syntax::escape_controls(name)
                )),
            })
        };
        let mut levels = LintLevels::new();
        if deny_all {
            levels = levels.deny_all();
        }
        let denied = deny
            .iter()
            .map(lint)
            .collect::<Result<Vec<_>, A::Error>>()?;
        for name in &allow {
            let allowed = lint(name)?;
            if denied.contains(&allowed) {
                return Err(de::Error::custom(format_args!(
                    "lint `{allowed}` is both denied and allowed"
                )));
            }
        }
        for denied in denied {
            levels = levels.deny(denied);
        }
        for name in &allow {
            levels = levels.allow(lint(name)?);
        }
        Ok(levels)
    }
}

/// `enforce-lints` in a configuration: `false` enforces nothing, anything else is read as
/// [`LintLevels`].
#[cfg_attr(not(feature = "http"), allow(dead_code))]
pub(crate) struct EnforceLints(pub(crate) Option<LintLevels>);

impl<'de> Deserialize<'de> for EnforceLints {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EnforceVisitor)
    }
}

#[cfg_attr(not(feature = "http"), allow(dead_code))]
struct EnforceVisitor;

impl<'de> Visitor<'de> for EnforceVisitor {
    type Value = EnforceLints;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`true`, `false`, or a table of `deny-all`, `deny` and `allow`")
    }

    fn visit_bool<E: de::Error>(self, on: bool) -> Result<EnforceLints, E> {
        Ok(EnforceLints(on.then(LintLevels::new)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<EnforceLints, A::Error> {
        LevelsVisitor
            .visit_map(map)
            .map(|levels| EnforceLints(Some(levels)))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
/// Writes `true` for [`LintLevels::new`], else the table its `Deserialize` reads.
impl Serialize for LintLevels {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if *self == LintLevels::new() {
            return serializer.serialize_bool(true);
        }
        let named = |denied: bool| -> Vec<&str> {
            Lint::ALL
                .iter()
                .filter(|lint| self.explicit_level(**lint) == Some(denied))
                .map(|lint| lint.name())
                .collect()
        };
        let mut map = serializer.serialize_map(None)?;
        if self.denies_all() {
            map.serialize_entry("deny-all", &true)?;
        }
        map.serialize_entry("deny", &named(true))?;
        map.serialize_entry("allow", &named(false))?;
        map.end()
    }
}

//! `Serialize` and `Deserialize` (feature `serde`): each policy and header value as its
//! header text, read back through its own parser, so that a configuration file is held to
//! the same rules as `str::parse`.

mod hsts;
mod lints;
#[cfg(feature = "http")]
pub(crate) use lints::EnforceLints;
mod reporting;

use crate::suggest::closest;
use crate::syntax::escape_controls;
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// `Serialize` as the header text (`Display`), `Deserialize` from it through `FromStr`.
macro_rules! header_text_serde {
    ($type:ty, $expecting:expr) => {
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl serde::Serialize for $type {
            /// Writes the header text.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl<'de> serde::Deserialize<'de> for $type {
            /// Reads header text through [`FromStr`](std::str::FromStr): the parser's error,
            /// with its byte offset where it has one, is the deserializer's.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::serialization::from_header_text(deserializer, $expecting)
            }
        }
    };
}
#[cfg(feature = "http")]
pub(crate) use header_text_serde;

header_text_serde!(
    crate::csp::ContentSecurityPolicy,
    "a Content-Security-Policy header value"
);
header_text_serde!(
    crate::csp::PolicyList,
    "a Content-Security-Policy header value: one policy, or several separated by `,`"
);
header_text_serde!(
    crate::permissions::PermissionsPolicy,
    "a Permissions-Policy header value"
);
header_text_serde!(
    crate::integrity::IntegrityPolicy,
    "an Integrity-Policy header value"
);

/// Reads a string through `T`'s `FromStr`.
pub(crate) fn from_header_text<'de, D, T>(
    deserializer: D,
    expecting: &'static str,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err: fmt::Display>,
{
    deserializer.deserialize_str(HeaderText {
        expecting,
        parsed: PhantomData,
    })
}

struct HeaderText<T> {
    expecting: &'static str,
    parsed: PhantomData<T>,
}

impl<T: FromStr<Err: fmt::Display>> Visitor<'_> for HeaderText<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        text.parse().map_err(E::custom)
    }
}

/// A key of a table, one of `names`: ASCII case is ignored and `_` stands for `-`, because
/// environment variables, from which configuration crates also read, cannot hold a `-`.
/// Gives the name as listed.
pub(crate) struct Key(pub(crate) &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<&'static str, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = &'static str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, written: &str) -> Result<&'static str, E> {
        let same = |name: &str| {
            name.len() == written.len()
                && name
                    .bytes()
                    .zip(written.bytes())
                    .all(|(n, w)| n == w.to_ascii_lowercase() || (n == b'-' && w == b'_'))
        };
        if let Some(name) = self.0.iter().find(|name| same(name)) {
            return Ok(name);
        }
        Err(
            match closest(&written.replace('_', "-"), self.0.iter().copied()) {
                Some(name) => E::custom(format_args!(
                    "unknown field `{}`; did you mean `{name}`?",
                    escape_controls(written)
                )),
                None => E::unknown_field(written, self.0),
            },
        )
    }
}

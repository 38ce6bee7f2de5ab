//! Reporting endpoints as a table of names and URLs.

use crate::reporting::ReportingEndpoints;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl Serialize for ReportingEndpoints {
    /// Writes a table of names and URLs, in the order the endpoints were added.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.endpoints.len()))?;
        for (name, url) in &self.endpoints {
            map.serialize_entry(name, url)?;
        }
        map.end()
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de> Deserialize<'de> for ReportingEndpoints {
    /// Reads a table of names and URLs, each checked by
    /// [`endpoint`](ReportingEndpoints::endpoint).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EndpointsVisitor)
    }
}

struct EndpointsVisitor;

impl<'de> Visitor<'de> for EndpointsVisitor {
    type Value = ReportingEndpoints;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table of reporting endpoint names and URLs")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut endpoints = ReportingEndpoints::new();
        while let Some((name, url)) = map.next_entry::<String, String>()? {
            if endpoints.contains(&name) {
                return Err(de::Error::custom(format_args!(
                    "duplicate reporting endpoint `{name}`"
                )));
            }
            endpoints = endpoints.endpoint(&name, &url).map_err(de::Error::custom)?;
        }
        Ok(endpoints)
    }
}

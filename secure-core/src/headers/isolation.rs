//! `Cross-Origin-Opener-Policy` and `Cross-Origin-Embedder-Policy` with their reports: the
//! `report-to` parameter naming a reporting endpoint (HTML's `same-origin;
//! report-to="name"`), and the `-Report-Only` headers, which only report.
//!
//! Both headers are structured-field items: a token and its parameters. Browsers compare the
//! token exactly, lowercase, and skip parameters they do not know; a `report-to` that is not
//! a string is skipped too, so the reports silently go nowhere. `FromStr` refuses each of
//! those instead.

use super::values::{HeaderValueError, SecurityHeader, sealed};
use super::{CrossOriginEmbedderPolicy, CrossOriginOpenerPolicy};
use crate::reporting::{ReportingError, valid_endpoint_name};
use crate::structured::{self, Bare, Words};
use std::fmt;
use std::str::FromStr;

/// `Cross-Origin-Opener-Policy` or `Cross-Origin-Embedder-Policy`: the headers that take a
/// `report-to` parameter and have a `-Report-Only` form. Sealed.
pub trait CrossOriginIsolation:
    SecurityHeader + Copy + Eq + fmt::Debug + FromStr<Err = HeaderValueError>
{
    /// The report-only header's name, lowercase.
    const REPORT_ONLY_NAME: &'static str;

    /// The header's name as messages write it.
    #[doc(hidden)]
    const DISPLAY_NAME: &'static str;
    /// The report-only header's name as messages write it.
    #[doc(hidden)]
    const DISPLAY_REPORT_ONLY_NAME: &'static str;
    /// Every value, as sent.
    #[doc(hidden)]
    const TOKENS: &'static [&'static str];

    /// The value as sent.
    #[doc(hidden)]
    fn token(self) -> &'static str;
}

macro_rules! isolation {
    ($type:ident, $display:literal, $report_only:literal, $display_report_only:literal, $example:literal) => {
        impl CrossOriginIsolation for $type {
            const REPORT_ONLY_NAME: &'static str = $report_only;
            const DISPLAY_NAME: &'static str = $display;
            const DISPLAY_REPORT_ONLY_NAME: &'static str = $display_report_only;
            const TOKENS: &'static [&'static str] = $type::VALUES;
            fn token(self) -> &'static str {
                self.as_str()
            }
        }

        impl $type {
            #[doc = concat!("This value with its reports sent to the reporting endpoint `endpoint`: `", $example, "; report-to=\"endpoint\"`.")]
            ///
            /// # Errors
            ///
            /// When `endpoint` is not a name `Reporting-Endpoints` can declare.
            pub fn report_to(self, endpoint: &str) -> Result<Reported<Self>, ReportingError> {
                Reported::new(self).report_to(endpoint)
            }

            #[doc = concat!("This value sent as `", $display_report_only, "`: browsers only report what it would change.")]
            pub fn report_only(self) -> ReportOnly<Self> {
                ReportOnly::new(self)
            }
        }
    };
}

isolation!(
    CrossOriginOpenerPolicy,
    "Cross-Origin-Opener-Policy",
    "cross-origin-opener-policy-report-only",
    "Cross-Origin-Opener-Policy-Report-Only",
    "same-origin"
);
isolation!(
    CrossOriginEmbedderPolicy,
    "Cross-Origin-Embedder-Policy",
    "cross-origin-embedder-policy-report-only",
    "Cross-Origin-Embedder-Policy-Report-Only",
    "require-corp"
);

/// How the structured-field parser names the parts of these headers in its messages.
const WORDS: Words = Words {
    member: "the header's value",
    between: "`;` and a parameter, or the end (the header holds one value)",
    after_comma: "the header's value",
    value: "the header's value, a token such as `same-origin`",
    item: "the header's value",
    quote: "the header's value",
    separator: "the header's value",
};

/// Reads `text` as browsers read the header `header`: the value and the `report-to`
/// endpoint.
fn parse<P: CrossOriginIsolation>(
    header: &'static str,
    text: &str,
) -> Result<(P, Option<String>), HeaderValueError> {
    let problem = |what: String, at: usize| HeaderValueError::at(header, text, what, at);
    let (item, params) = structured::item(text, &WORDS)
        .map_err(|(expected, at)| problem(format!("expected {expected}"), at))?;
    let Bare::Token(token) = item.bare else {
        return Err(problem(
            format!(
                "the value is a token, written without quotes: {}",
                P::TOKENS
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            item.span.start,
        ));
    };
    // `P`'s own parser ignores ASCII case; browsers compare exactly.
    let Some(policy) = token.parse::<P>().ok().filter(|p| p.token() == token) else {
        if let Some(exact) = P::TOKENS.iter().find(|t| t.eq_ignore_ascii_case(token)) {
            return Err(problem(
                format!("browsers compare the value exactly and ignore `{token}`; write `{exact}`"),
                item.span.start,
            ));
        }
        return Err(HeaderValueError::new(header, token, P::TOKENS));
    };
    let mut endpoint = None;
    for param in &params {
        if param.key != "report-to" {
            return Err(problem(
                format!(
                    "unknown parameter `{}`, which browsers skip; the only one is `report-to=\"endpoint\"`",
                    param.key
                ),
                param.span.start,
            ));
        }
        if endpoint.is_some() {
            return Err(problem(
                "`report-to` twice (browsers use the last one)".to_owned(),
                param.span.start,
            ));
        }
        let name = match param.value.as_ref().map(|v| &v.bare) {
            Some(Bare::String(name)) => *name,
            _ => {
                return Err(problem(
                    "`report-to` takes the endpoint's name in quotes, `report-to=\"endpoint\"`; browsers skip any other value".to_owned(),
                    param.span.start,
                ));
            }
        };
        if !valid_endpoint_name(name) {
            return Err(problem(
                format!(
                    "`{name}` is not a name `Reporting-Endpoints` can declare: use lowercase letters, digits, `_`, `-`, `.` or `*`, starting with a letter"
                ),
                param.span.start,
            ));
        }
        endpoint = Some(name.to_owned());
    }
    Ok((policy, endpoint))
}

fn checked_endpoint(endpoint: &str) -> Result<String, ReportingError> {
    if valid_endpoint_name(endpoint) {
        Ok(endpoint.to_owned())
    } else {
        Err(ReportingError::InvalidName(endpoint.to_owned()))
    }
}

macro_rules! with_report_to {
    (
        $(#[$doc:meta])*
        $name:ident, $header:ident, $display:ident, $expecting:literal
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name<P> {
            policy: P,
            report_to: Option<String>,
        }

        impl<P: CrossOriginIsolation> $name<P> {
            /// The header with this value and no `report-to`.
            pub fn new(policy: P) -> Self {
                Self {
                    policy,
                    report_to: None,
                }
            }

            /// Sends the reports to the reporting endpoint `endpoint` (one of
            /// [`ReportingEndpoints`](crate::reporting::ReportingEndpoints), which
            /// [`SecurityHeaders::check`](super::SecurityHeaders::check) verifies).
            ///
            /// # Errors
            ///
            /// When `endpoint` is not a name `Reporting-Endpoints` can declare.
            pub fn report_to(mut self, endpoint: &str) -> Result<Self, ReportingError> {
                self.report_to = Some(checked_endpoint(endpoint)?);
                Ok(self)
            }

            /// The value.
            pub fn policy(&self) -> P {
                self.policy
            }

            /// The endpoint `report-to` names, if any.
            pub fn endpoint(&self) -> Option<&str> {
                self.report_to.as_deref()
            }
        }

        impl<P: CrossOriginIsolation> fmt::Display for $name<P> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.policy.token())?;
                if let Some(endpoint) = &self.report_to {
                    write!(f, "; report-to=\"{endpoint}\"")?;
                }
                Ok(())
            }
        }

        impl<P: CrossOriginIsolation> FromStr for $name<P> {
            type Err = HeaderValueError;

            /// Reads the header as browsers do, refusing what they would skip: a value
            /// not written exactly, a parameter other than `report-to`, a `report-to`
            /// that is not a quoted endpoint name or is given twice.
            fn from_str(text: &str) -> Result<Self, HeaderValueError> {
                let (policy, report_to) = parse::<P>(P::$header, text)?;
                Ok(Self { policy, report_to })
            }
        }

        impl<P: CrossOriginIsolation> From<P> for $name<P> {
            fn from(policy: P) -> Self {
                Self::new(policy)
            }
        }

        impl<P> sealed::Sealed for $name<P> {}

        impl<P: CrossOriginIsolation> SecurityHeader for $name<P> {
            const NAME: &'static str = P::$header;
            fn value(&self) -> String {
                self.to_string()
            }
            fn static_value(&self) -> Option<&'static str> {
                self.report_to.is_none().then(|| self.policy.token())
            }
            fn report_to(&self) -> Option<(&'static str, &str)> {
                self.report_to.as_deref().map(|e| (P::$display, e))
            }
        }

        #[cfg(feature = "serde")]
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl<P: CrossOriginIsolation> serde::Serialize for $name<P> {
            /// Writes the header text.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl<'de, P: CrossOriginIsolation> serde::Deserialize<'de> for $name<P> {
            /// Reads the header text through `FromStr`, or a table `{ value = "..",
            /// report-to = ".." }`.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (policy, report_to) = serde_form::deserialize::<D, P>(
                    deserializer,
                    P::$header,
                    $expecting,
                )?;
                Ok(Self { policy, report_to })
            }
        }
    };
}

with_report_to! {
    /// `Cross-Origin-Opener-Policy` or `Cross-Origin-Embedder-Policy` with the reporting
    /// endpoint its reports go to (`report-to`), made by the values' `report_to`.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::SecurityHeaders;
    /// use secure_http::headers::{CrossOriginEmbedderPolicy, CrossOriginOpenerPolicy, Reported};
    /// use secure_http::reporting::ReportingEndpoints;
    /// let headers = SecurityHeaders::new()
    ///     .reporting_endpoints(ReportingEndpoints::new().endpoint("isolation", "/csp-report")?)
    ///     .header(CrossOriginOpenerPolicy::SameOrigin.report_to("isolation")?)
    ///     .header(CrossOriginEmbedderPolicy::RequireCorp.report_to("isolation")?);
    /// headers.check()?;
    /// let mut response = http::Response::new(());
    /// headers.apply_to_response(&mut response, None);
    /// assert_eq!(
    ///     response.headers()["cross-origin-opener-policy"],
    ///     r#"same-origin; report-to="isolation""#
    /// );
    /// assert_eq!(
    ///     response.headers()["cross-origin-embedder-policy"],
    ///     r#"require-corp; report-to="isolation""#
    /// );
    ///
    /// let read: Reported<CrossOriginOpenerPolicy> = r#"same-origin;report-to="isolation""#.parse()?;
    /// assert_eq!(read.endpoint(), Some("isolation"));
    /// assert_eq!(
    ///     "same-origin; report-to=isolation".parse::<Reported<CrossOriginOpenerPolicy>>()
    ///         .unwrap_err()
    ///         .to_string(),
    ///     "invalid `cross-origin-opener-policy` value `same-origin; report-to=isolation`: `report-to` takes the endpoint's name in quotes, `report-to=\"endpoint\"`; browsers skip any other value (at byte 11)"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Reported, NAME, DISPLAY_NAME, "a header value such as `same-origin; report-to=\"endpoint\"`, or a table `{ value = \"same-origin\", report-to = \"endpoint\" }`"
}

with_report_to! {
    /// `Cross-Origin-Opener-Policy-Report-Only` or `Cross-Origin-Embedder-Policy-Report-Only`:
    /// the value browsers report on without applying it, and the endpoint the reports go
    /// to. Made by the values' `report_only`. Both forms of a header can be sent at once,
    /// for example `unsafe-none` enforced while `same-origin` is tried out.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::SecurityHeaders;
    /// use secure_http::headers::{CrossOriginEmbedderPolicy, ReportOnly};
    /// use secure_http::reporting::ReportingEndpoints;
    /// let headers = SecurityHeaders::new()
    ///     .reporting_endpoints(ReportingEndpoints::new().endpoint("coep", "/csp-report")?)
    ///     .header(CrossOriginEmbedderPolicy::RequireCorp.report_only().report_to("coep")?);
    /// let mut response = http::Response::new(());
    /// headers.apply_to_response(&mut response, None);
    /// assert_eq!(
    ///     response.headers()["cross-origin-embedder-policy-report-only"],
    ///     r#"require-corp; report-to="coep""#
    /// );
    ///
    /// let unchecked = SecurityHeaders::new().header(
    ///     r#"require-corp; report-to="elsewhere""#.parse::<ReportOnly<CrossOriginEmbedderPolicy>>()?,
    /// );
    /// assert_eq!(
    ///     unchecked.check().unwrap_err().to_string(),
    ///     "Cross-Origin-Embedder-Policy-Report-Only: `report-to=\"elsewhere\"` names no configured reporting endpoint; add it with `ReportingEndpoints::endpoint(\"elsewhere\", url)`"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ReportOnly, REPORT_ONLY_NAME, DISPLAY_REPORT_ONLY_NAME, "a header value such as `require-corp; report-to=\"endpoint\"`, or a table `{ value = \"require-corp\", report-to = \"endpoint\" }`"
}

#[cfg(feature = "serde")]
mod serde_form {
    //! The configuration forms: the header text, or a table of `value` and `report-to`.

    use super::{CrossOriginIsolation, checked_endpoint, parse};
    use crate::serialization::Key;
    use serde::de::{self, Deserializer, MapAccess, Visitor};
    use std::fmt;
    use std::marker::PhantomData;

    const TABLE_KEYS: &[&str] = &["value", "report-to"];

    struct Form<P> {
        header: &'static str,
        expecting: &'static str,
        policy: PhantomData<P>,
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>, P: CrossOriginIsolation>(
        deserializer: D,
        header: &'static str,
        expecting: &'static str,
    ) -> Result<(P, Option<String>), D::Error> {
        deserializer.deserialize_any(Form {
            header,
            expecting,
            policy: PhantomData,
        })
    }

    impl<'de, P: CrossOriginIsolation> Visitor<'de> for Form<P> {
        type Value = (P, Option<String>);

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            parse::<P>(self.header, text).map_err(E::custom)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut value = None;
            let mut report_to = None;
            while let Some(key) = map.next_key_seed(Key(TABLE_KEYS))? {
                match key {
                    "value" if value.is_none() => {
                        let text: String = map.next_value()?;
                        let (policy, endpoint) =
                            parse::<P>(self.header, &text).map_err(de::Error::custom)?;
                        if endpoint.is_some() {
                            return Err(de::Error::custom(format_args!(
                                "`value` holds the value alone, such as `{}`; the endpoint goes in `report-to`",
                                policy.token()
                            )));
                        }
                        value = Some(policy);
                    }
                    "report-to" if report_to.is_none() => {
                        let name: String = map.next_value()?;
                        report_to = Some(checked_endpoint(&name).map_err(de::Error::custom)?);
                    }
                    key => return Err(de::Error::duplicate_field(key)),
                }
            }
            let policy = value.ok_or_else(|| de::Error::missing_field("value"))?;
            Ok((policy, report_to))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Coop = Reported<CrossOriginOpenerPolicy>;
    type CoepReportOnly = ReportOnly<CrossOriginEmbedderPolicy>;

    fn error<T: FromStr<Err = HeaderValueError> + fmt::Debug>(
        text: &str,
    ) -> (String, Option<usize>) {
        let error = text.parse::<T>().unwrap_err();
        (error.to_string(), error.offset())
    }

    #[test]
    fn reads_and_writes_the_value_and_report_to() {
        let coop: Coop = "\tsame-origin-allow-popups;  report-to=\"coop-1.a\" "
            .parse()
            .unwrap();
        assert_eq!(
            coop.policy(),
            CrossOriginOpenerPolicy::SameOriginAllowPopups
        );
        assert_eq!(coop.endpoint(), Some("coop-1.a"));
        assert_eq!(
            coop.to_string(),
            "same-origin-allow-popups; report-to=\"coop-1.a\""
        );
        assert_eq!(coop.to_string().parse::<Coop>(), Ok(coop.clone()));
        assert_eq!(coop.static_value(), None);
        assert_eq!(
            SecurityHeader::report_to(&coop),
            Some(("Cross-Origin-Opener-Policy", "coop-1.a"))
        );

        let plain: Coop = "unsafe-none".parse().unwrap();
        assert_eq!(plain, Reported::new(CrossOriginOpenerPolicy::UnsafeNone));
        assert_eq!(plain.static_value(), Some("unsafe-none"));
        assert_eq!(SecurityHeader::report_to(&plain), None);

        let coep: CoepReportOnly = "credentialless;report-to=\"e\"".parse().unwrap();
        assert_eq!(
            coep,
            CrossOriginEmbedderPolicy::Credentialless
                .report_only()
                .report_to("e")
                .unwrap()
        );
        assert_eq!(
            <CoepReportOnly as SecurityHeader>::NAME,
            "cross-origin-embedder-policy-report-only"
        );
        assert_eq!(
            SecurityHeader::report_to(&coep),
            Some(("Cross-Origin-Embedder-Policy-Report-Only", "e"))
        );
    }

    #[test]
    fn refuses_what_browsers_skip_at_its_byte() {
        assert_eq!(
            error::<Coop>("same-origin; report_to=\"x\""),
            (
                "invalid `cross-origin-opener-policy` value `same-origin; report_to=\"x\"`: unknown parameter `report_to`, which browsers skip; the only one is `report-to=\"endpoint\"` (at byte 11)".into(),
                Some(11)
            )
        );
        assert_eq!(
            error::<Coop>("Same-Origin").0,
            "invalid `cross-origin-opener-policy` value `Same-Origin`: browsers compare the value exactly and ignore `Same-Origin`; write `same-origin` (at byte 0)"
        );
        assert_eq!(
            error::<Coop>("same-orign"),
            (
                "invalid `cross-origin-opener-policy` value `same-orign`; did you mean `same-origin`?".into(),
                None
            )
        );
        assert_eq!(
            error::<CoepReportOnly>("\"require-corp\"").0,
            "invalid `cross-origin-embedder-policy-report-only` value `\"require-corp\"`: the value is a token, written without quotes: `require-corp`, `credentialless`, `unsafe-none` (at byte 0)"
        );
        assert_eq!(
            error::<Coop>("same-origin; report-only").0,
            "invalid `cross-origin-opener-policy` value `same-origin; report-only`: unknown parameter `report-only`, which browsers skip; the only one is `report-to=\"endpoint\"` (at byte 11)"
        );
        assert_eq!(error::<Coop>("same-origin; report-to").1, Some(11));
        assert_eq!(
            error::<Coop>("same-origin; report-to=\"a\"; report-to=\"b\"").0,
            "invalid `cross-origin-opener-policy` value `same-origin; report-to=\"a\"; report-to=\"b\"`: `report-to` twice (browsers use the last one) (at byte 26)"
        );
        assert_eq!(
            error::<Coop>("same-origin; report-to=\"A b\"").0,
            "invalid `cross-origin-opener-policy` value `same-origin; report-to=\"A b\"`: `A b` is not a name `Reporting-Endpoints` can declare: use lowercase letters, digits, `_`, `-`, `.` or `*`, starting with a letter (at byte 11)"
        );
        assert_eq!(error::<Coop>("same-origin, unsafe-none").1, Some(11));
        // No space before `;`: browsers fail to parse the item and ignore the header.
        assert_eq!(
            error::<Coop>("same-origin ;report-to=\"x\"").0,
            "invalid `cross-origin-opener-policy` value `same-origin ;report-to=\"x\"`: expected `;` and a parameter, or the end (the header holds one value) (at byte 12)"
        );
        assert_eq!(error::<Coop>("same-origin;report-to=\"x\r\n\"").1, Some(24));
        assert_eq!(error::<Coop>("").1, Some(0));
        assert_eq!(
            CrossOriginOpenerPolicy::SameOrigin.report_to("Bad"),
            Err(ReportingError::InvalidName("Bad".into()))
        );
    }
}

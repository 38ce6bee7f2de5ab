//! Typed values of the security headers with a closed set of values: a value that browsers
//! would not understand cannot be constructed.

use crate::suggest::closest;
use crate::syntax::escape_controls;
use std::fmt;
use std::str::FromStr;

pub(super) mod sealed {
    /// Implemented by this crate's typed header values only.
    pub trait Sealed {}
}

/// A header that [`SecurityHeaders::header`](super::SecurityHeaders::header) can send.
///
/// Sealed: only the typed values of this crate implement it, so every value sent is one
/// checked here (an implementation elsewhere could return any text, CR and LF included).
pub trait SecurityHeader: sealed::Sealed {
    /// The header name, lowercase.
    const NAME: &'static str;
    /// The header value.
    fn value(&self) -> String;

    /// The header value when it is known at compile time, so that sending it copies
    /// nothing and counts no reference.
    #[doc(hidden)]
    fn static_value(&self) -> Option<&'static str> {
        None
    }

    /// The header's name as messages write it and the endpoint its `report-to` parameter
    /// names, for [`SecurityHeaders::check`](super::SecurityHeaders::check).
    #[doc(hidden)]
    fn report_to(&self) -> Option<(&'static str, &str)> {
        None
    }
}

macro_rules! closed_header {
    (
        $(#[$doc:meta])*
        $name:ident = $header:literal {
            $( $(#[$variant_doc:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$variant_doc])* $variant, )*
        }

        impl $name {
            /// Every value, as sent.
            pub(super) const VALUES: &'static [&'static str] = &[$($text),*];

            /// The value as sent.
            pub const fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $text, )* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = HeaderValueError;

            /// Parses the value as sent, ignoring ASCII case and the whitespace around it.
            fn from_str(text: &str) -> Result<Self, HeaderValueError> {
                let text = text.trim_matches([' ', '\t']);
                $( if text.eq_ignore_ascii_case($text) { return Ok(Self::$variant); } )*
                Err(HeaderValueError::new($header, text, Self::VALUES))
            }
        }

        #[cfg(feature = "serde")]
        crate::serialization::header_text_serde!($name, concat!("a `", $header, "` value"));

        impl sealed::Sealed for $name {}

        impl SecurityHeader for $name {
            const NAME: &'static str = $header;
            fn value(&self) -> String {
                self.as_str().to_owned()
            }
            fn static_value(&self) -> Option<&'static str> {
                Some(self.as_str())
            }
        }
    };
}

closed_header! {
    /// `X-Content-Type-Options`: browsers must not guess content types (a stylesheet or
    /// script served as text stays text).
    ContentTypeOptions = "x-content-type-options" {
        /// `nosniff`.
        NoSniff = "nosniff",
    }
}

closed_header! {
    /// `X-Frame-Options`: who may frame the page, for browsers without CSP's
    /// `frame-ancestors`. Derived from `frame-ancestors` unless set explicitly.
    FrameOptions = "x-frame-options" {
        /// `DENY`: no one.
        Deny = "DENY",
        /// `SAMEORIGIN`: pages of the same origin.
        SameOrigin = "SAMEORIGIN",
    }
}

closed_header! {
    /// One value of `Referrer-Policy`.
    ReferrerPolicyValue = "referrer-policy" {
        /// `no-referrer`: never send the referrer.
        NoReferrer = "no-referrer",
        /// `no-referrer-when-downgrade`.
        NoReferrerWhenDowngrade = "no-referrer-when-downgrade",
        /// `origin`: only the origin.
        Origin = "origin",
        /// `origin-when-cross-origin`.
        OriginWhenCrossOrigin = "origin-when-cross-origin",
        /// `same-origin`: the full URL to the same origin, nothing elsewhere.
        SameOrigin = "same-origin",
        /// `strict-origin`: the origin, and only over HTTPS.
        StrictOrigin = "strict-origin",
        /// `strict-origin-when-cross-origin`: the browsers' default.
        StrictOriginWhenCrossOrigin = "strict-origin-when-cross-origin",
        /// `unsafe-url`: always the full URL.
        UnsafeUrl = "unsafe-url",
    }
}

closed_header! {
    /// `Cross-Origin-Opener-Policy`: whether pages of other origins opened from this one
    /// (or opening it) share its browsing context group.
    CrossOriginOpenerPolicy = "cross-origin-opener-policy" {
        /// `same-origin`: isolated from every other origin.
        SameOrigin = "same-origin",
        /// `same-origin-allow-popups`: keeps popups it opens.
        SameOriginAllowPopups = "same-origin-allow-popups",
        /// `noopener-allow-popups`.
        NoopenerAllowPopups = "noopener-allow-popups",
        /// `unsafe-none`: no isolation.
        UnsafeNone = "unsafe-none",
    }
}

closed_header! {
    /// `Cross-Origin-Embedder-Policy`: which cross-origin resources the page may load.
    /// Opt-in: `require-corp` breaks embeds that do not send CORP or CORS headers.
    CrossOriginEmbedderPolicy = "cross-origin-embedder-policy" {
        /// `require-corp`: only resources that allow it.
        RequireCorp = "require-corp",
        /// `credentialless`: cross-origin requests without credentials.
        Credentialless = "credentialless",
        /// `unsafe-none`.
        UnsafeNone = "unsafe-none",
    }
}

closed_header! {
    /// `Cross-Origin-Resource-Policy`: which sites may embed this response.
    CrossOriginResourcePolicy = "cross-origin-resource-policy" {
        /// `same-origin`.
        SameOrigin = "same-origin",
        /// `same-site`.
        SameSite = "same-site",
        /// `cross-origin`: anyone (for public assets and APIs).
        CrossOrigin = "cross-origin",
    }
}

closed_header! {
    /// `Origin-Agent-Cluster`: isolate this origin in its own agent cluster.
    OriginAgentCluster = "origin-agent-cluster" {
        /// `?1`.
        Enabled = "?1",
    }
}

closed_header! {
    /// `X-DNS-Prefetch-Control`.
    DnsPrefetchControl = "x-dns-prefetch-control" {
        /// `off`: do not resolve the page's links in advance (their host names leak).
        Off = "off",
        /// `on`.
        On = "on",
    }
}

closed_header! {
    /// `X-Download-Options` (old Internet Explorer): downloads are not opened in the site's
    /// context.
    DownloadOptions = "x-download-options" {
        /// `noopen`.
        NoOpen = "noopen",
    }
}

closed_header! {
    /// `X-Permitted-Cross-Domain-Policies`: whether Flash and PDF readers may load data.
    PermittedCrossDomainPolicies = "x-permitted-cross-domain-policies" {
        /// `none`.
        None = "none",
        /// `master-only`.
        MasterOnly = "master-only",
        /// `by-content-type`.
        ByContentType = "by-content-type",
        /// `all`.
        All = "all",
    }
}

closed_header! {
    /// `X-XSS-Protection`: `0` turns off the old XSS filters, which themselves let attackers
    /// leak data; CSP replaces them.
    XssProtection = "x-xss-protection" {
        /// `0`.
        Disabled = "0",
    }
}

/// A value that is not one of those a header defines.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::headers::FrameOptions;
/// assert_eq!("deny".parse::<FrameOptions>()?.as_str(), "DENY");
/// let error = "ALLOWALL".parse::<FrameOptions>().unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "invalid `x-frame-options` value `ALLOWALL`; expected `DENY` or `SAMEORIGIN`"
/// );
/// # Ok::<(), secure_http::headers::HeaderValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderValueError {
    header: &'static str,
    value: String,
    expected: &'static [&'static str],
    /// For a header with parameters: what is wrong, and the byte offset it starts at.
    problem: Option<(String, usize)>,
}

impl HeaderValueError {
    pub(super) fn new(
        header: &'static str,
        value: &str,
        expected: &'static [&'static str],
    ) -> Self {
        Self {
            header,
            value: value.to_owned(),
            expected,
            problem: None,
        }
    }

    /// `value` (the whole header text) is wrong at byte `at` of it, as `problem` says.
    pub(super) fn at(header: &'static str, value: &str, problem: String, at: usize) -> Self {
        Self {
            header,
            value: value.to_owned(),
            expected: &[],
            problem: Some((problem, at)),
        }
    }

    /// The byte offset in the header text where the problem starts, for a header with
    /// parameters whose syntax or parameters are wrong (`None` for a wrong value).
    pub fn offset(&self) -> Option<usize> {
        self.problem.as_ref().map(|(_, at)| *at)
    }

    /// The header's name, lowercase.
    pub fn header(&self) -> &'static str {
        self.header
    }

    /// The value as written, without the whitespace around it.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for HeaderValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header = self.header;
        if let Some((problem, at)) = &self.problem {
            let value = escape_controls(&self.value);
            return write!(
                f,
                "invalid `{header}` value `{value}`: {problem} (at byte {at})"
            );
        }
        if self.value.is_empty() {
            write!(f, "empty `{header}` value; expected ")?;
        } else {
            let value = escape_controls(&self.value);
            write!(f, "invalid `{header}` value `{value}`; ")?;
            if let Some(suggestion) = closest(&self.value, self.expected.iter().copied()) {
                return write!(f, "did you mean `{suggestion}`?");
            }
            f.write_str("expected ")?;
        }
        for (i, value) in self.expected.iter().enumerate() {
            match i {
                0 => {}
                i if i + 1 == self.expected.len() => f.write_str(" or ")?,
                _ => f.write_str(", ")?,
            }
            write!(f, "`{value}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for HeaderValueError {}

/// `Referrer-Policy`: the preferred value and older ones for browsers that do not know it.
/// Browsers use the last value they understand, so fallbacks are sent first.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::headers::{ReferrerPolicy, ReferrerPolicyValue as R};
/// let policy = ReferrerPolicy::new(R::StrictOriginWhenCrossOrigin).fallback(R::NoReferrer);
/// assert_eq!(policy.to_string(), "no-referrer, strict-origin-when-cross-origin");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReferrerPolicy {
    /// Oldest first, the preferred value last.
    values: Vec<ReferrerPolicyValue>,
}

impl ReferrerPolicy {
    /// Sends `preferred` alone.
    pub fn new(preferred: ReferrerPolicyValue) -> Self {
        Self {
            values: vec![preferred],
        }
    }

    /// Adds a value for browsers that do not know the ones given so far.
    pub fn fallback(mut self, older: ReferrerPolicyValue) -> Self {
        if !self.values.contains(&older) {
            self.values.insert(0, older);
        }
        self
    }
}

impl fmt::Display for ReferrerPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, value) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(value.as_str())?;
        }
        Ok(())
    }
}

impl FromStr for ReferrerPolicy {
    type Err = HeaderValueError;

    /// Parses the header: values separated by `,`, the preferred one last. A value given twice
    /// counts where it was last written, as it does for browsers.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::headers::ReferrerPolicy;
    /// let policy: ReferrerPolicy = "no-referrer,Strict-Origin-When-Cross-Origin".parse()?;
    /// assert_eq!(policy.to_string(), "no-referrer, strict-origin-when-cross-origin");
    /// let error = "no-referer".parse::<ReferrerPolicy>().unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "invalid `referrer-policy` value `no-referer`; did you mean `no-referrer`?"
    /// );
    /// # Ok::<(), secure_http::headers::HeaderValueError>(())
    /// ```
    fn from_str(text: &str) -> Result<Self, HeaderValueError> {
        let mut values = Vec::new();
        for written in text
            .split(',')
            .filter(|v| !v.trim_matches([' ', '\t']).is_empty())
        {
            let value: ReferrerPolicyValue = written.parse()?;
            values.retain(|v| *v != value);
            values.push(value);
        }
        if values.is_empty() {
            return Err(HeaderValueError::new(
                Self::NAME,
                "",
                ReferrerPolicyValue::VALUES,
            ));
        }
        Ok(Self { values })
    }
}

#[cfg(feature = "serde")]
crate::serialization::header_text_serde!(ReferrerPolicy, "a `referrer-policy` value");

impl sealed::Sealed for ReferrerPolicy {}

impl SecurityHeader for ReferrerPolicy {
    const NAME: &'static str = "referrer-policy";
    fn value(&self) -> String {
        self.to_string()
    }
    fn static_value(&self) -> Option<&'static str> {
        match self.values.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        }
    }
}

closed_header! {
    /// What `Clear-Site-Data` asks the browser to delete; see
    /// [`clear_site_data`](super::clear_site_data).
    ClearSiteData = "clear-site-data" {
        /// `"cache"`.
        Cache = "\"cache\"",
        /// `"cookies"`.
        Cookies = "\"cookies\"",
        /// `"storage"`: local storage, IndexedDB, service workers, ...
        Storage = "\"storage\"",
        /// `"executionContexts"`: reload the site's open pages.
        ExecutionContexts = "\"executionContexts\"",
        /// `"*"`: everything.
        All = "\"*\"",
    }
}

impl ClearSiteData {
    /// The header value for several kinds: `"cookies", "storage"`.
    pub fn header_value(data: &[ClearSiteData]) -> String {
        data.iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl sealed::Sealed for crate::permissions::PermissionsPolicy {}

impl SecurityHeader for crate::permissions::PermissionsPolicy {
    const NAME: &'static str = "permissions-policy";
    fn value(&self) -> String {
        self.as_str().to_owned()
    }
    fn static_value(&self) -> Option<&'static str> {
        self.as_static_str()
    }
}

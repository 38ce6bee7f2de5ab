//! The policy type: an ordered list of validated directives and its header text.

use super::directive::DirectiveName;
use super::error::CspErrorKind;
use super::text::Text;
use super::value::Value;
use std::borrow::Cow;
use std::fmt;

/// One directive of a policy: its name and its values, validated together.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Directive {
    name: DirectiveName,
    values: Cow<'static, [Value]>,
}

impl Directive {
    #[doc(hidden)]
    pub const fn __new(name: DirectiveName, values: &'static [Value]) -> Self {
        Self {
            name,
            values: Cow::Borrowed(values),
        }
    }

    pub(crate) fn owned(name: DirectiveName, values: Vec<Value>) -> Self {
        Self {
            name,
            values: Cow::Owned(values),
        }
    }

    /// The directive's name.
    pub fn name(&self) -> DirectiveName {
        self.name
    }

    /// The directive's values, in the order written.
    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

impl fmt::Display for Directive {
    /// Prints `name value value ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name.as_str())?;
        for value in self.values.iter() {
            write!(f, " {value}")?;
        }
        Ok(())
    }
}

/// A Content-Security-Policy, checked against the CSP Level 3 grammar.
///
/// Made at compile time by `secure_http::csp!` or at runtime with
/// [`str::parse`]; both go through the same validation. The header text is computed once
/// when the policy is made, so sending it costs no formatting.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::csp::ContentSecurityPolicy;
/// let policy: ContentSecurityPolicy = "default-src 'none'; img-src 'self' data:".parse()?;
/// assert_eq!(policy.as_str(), "default-src 'none'; img-src 'self' data:");
/// # Ok::<(), secure_http::csp::CspError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContentSecurityPolicy {
    directives: Cow<'static, [Directive]>,
    header: Text,
}

impl ContentSecurityPolicy {
    #[doc(hidden)]
    pub const fn __from_static(directives: &'static [Directive], header: &'static str) -> Self {
        Self {
            directives: Cow::Borrowed(directives),
            header: Text::Static(header),
        }
    }

    pub(crate) fn from_directives(directives: Vec<Directive>) -> Self {
        let header = render(&directives);
        Self {
            directives: Cow::Owned(directives),
            header: Text::from(header),
        }
    }

    /// A policy whose header text is already known: `header` must be what [`render`] makes
    /// of `directives` (checked in debug builds), which the parser knows when the text it
    /// read was written that way.
    pub(crate) fn with_header(directives: Vec<Directive>, header: Text) -> Self {
        debug_assert_eq!(header.as_str(), render(&directives));
        Self {
            directives: Cow::Owned(directives),
            header,
        }
    }

    /// The header value, as sent.
    ///
    /// A policy that asks for a nonce prints it as `'nonce'`; the middleware replaces it
    /// with a fresh `'nonce-...'` on every response.
    pub fn as_str(&self) -> &str {
        &self.header
    }

    /// The header value when the policy was made at compile time, so it can be sent without
    /// copying (`HeaderValue::from_static`).
    pub fn as_static_str(&self) -> Option<&'static str> {
        match self.header {
            Text::Static(header) => Some(header),
            Text::Owned(_) | Text::Shared { .. } => None,
        }
    }

    /// The directives in the order written.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// The directive with this name, if the policy has it.
    pub fn get(&self, name: DirectiveName) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }

    /// Whether the policy says where to send reports (`report-uri` or `report-to`).
    pub fn names_report_destination(&self) -> bool {
        self.get(DirectiveName::ReportUri).is_some() || self.get(DirectiveName::ReportTo).is_some()
    }

    /// This policy with `report-uri <uri>` appended, unless it already names `report-uri`
    /// or `report-to` (then it is left as written).
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::csp::presets;
    /// let policy = presets::SAME_ORIGIN.with_default_report_uri("/csp-report")?;
    /// assert_eq!(policy.as_str(), "default-src 'self'; report-uri /csp-report");
    /// let again = policy.with_default_report_uri("/elsewhere")?;
    /// assert_eq!(again, policy);
    /// # Ok::<(), secure_http::csp::CspErrorKind>(())
    /// ```
    pub fn with_default_report_uri(&self, uri: &str) -> Result<Self, CspErrorKind> {
        if self.names_report_destination() {
            return Ok(self.clone());
        }
        let value = Value::parse(DirectiveName::ReportUri, uri)?;
        let mut directives = self.directives.to_vec();
        directives.push(Directive::owned(DirectiveName::ReportUri, vec![value]));
        Ok(Self::from_directives(directives))
    }

    /// This policy without the directive `name`; `None` when it does not have it, or when
    /// nothing would be left.
    pub fn without_directive(&self, name: DirectiveName) -> Option<Self> {
        self.get(name)?;
        let rest: Vec<Directive> = self
            .directives
            .iter()
            .filter(|d| d.name != name)
            .cloned()
            .collect();
        (!rest.is_empty()).then(|| Self::from_directives(rest))
    }

    /// Whether some directive asks for a fresh nonce on each response.
    pub fn needs_nonce(&self) -> bool {
        self.directives
            .iter()
            .any(|d| d.values.iter().any(Value::is_nonce))
    }

    /// The header text split around the nonce placeholders: joining the pieces with
    /// `'nonce-<value>'` gives the header for one response. One piece when there is no nonce.
    pub fn nonce_template(&self) -> Vec<String> {
        let mut pieces = Vec::new();
        let mut current = String::new();
        for (i, directive) in self.directives.iter().enumerate() {
            if i > 0 {
                current.push_str("; ");
            }
            current.push_str(directive.name.as_str());
            for value in directive.values.iter() {
                current.push(' ');
                if value.is_nonce() {
                    pieces.push(std::mem::take(&mut current));
                } else {
                    value.push_to(&mut current);
                }
            }
        }
        pieces.push(current);
        pieces
    }
}

impl fmt::Display for ContentSecurityPolicy {
    /// Prints the header value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

/// The canonical header text of a list of directives: `"; "` between directives,
/// one space between values, no trailing `;`.
pub fn render(directives: &[Directive]) -> String {
    let len: usize = directives
        .iter()
        .map(|d| {
            d.name.as_str().len()
                + 2
                + d.values
                    .iter()
                    .map(|v| 1 + v.pieces().iter().map(|p| p.len()).sum::<usize>())
                    .sum::<usize>()
        })
        .sum();
    let mut header = String::with_capacity(len);
    for (i, directive) in directives.iter().enumerate() {
        if i > 0 {
            header.push_str("; ");
        }
        header.push_str(directive.name.as_str());
        for value in directive.values.iter() {
            header.push(' ');
            value.push_to(&mut header);
        }
    }
    header
}

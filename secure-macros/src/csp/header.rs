//! The string form, `csp!("default-src 'self'; img-src https:")`: a header pasted as one
//! string literal and read by `secure-core`'s runtime parser, so that it is held to exactly
//! what `str::parse` accepts.
//!
//! Stable Rust cannot point a diagnostic inside a string literal, so an error points at the
//! whole literal and says where in the text it is: `(at byte 20: `img-scr`)`. Where the
//! compiler can point inside a literal (nightly), it points at the word.

use crate::errors::{Errors, Place};
use proc_macro2::Literal;
use secure_core::csp::build::Located;
use secure_core::csp::parse::{parse_header, split_directives};
use secure_core::csp::{ContentSecurityPolicy, CspErrorKind, Syntax};
use std::ops::Range;
use syn::LitStr;

/// The policy as header text, and the literal it was written in.
pub struct HeaderLiteral {
    text: String,
    literal: Literal,
}

impl HeaderLiteral {
    pub fn new(literal: &LitStr) -> Self {
        Self {
            text: literal.value(),
            literal: literal.token(),
        }
    }

    /// The whole literal.
    pub fn place(&self) -> Place {
        Place::of(self.literal.span())
    }

    /// Parses the text as the runtime parser does, turning each of its problems into an
    /// error at the literal.
    pub fn validate(&self, errors: &mut Errors) -> Option<ContentSecurityPolicy> {
        let found = match parse_header(&self.text) {
            Ok(policy) => return Some(policy),
            Err(found) => found,
        };
        for Located { kind, at } in found {
            let message = match kind {
                // The runtime's advice, `PolicyList`, has no compile-time counterpart.
                CspErrorKind::Comma => "unexpected `,`: it separates whole policies, and `csp!` makes one; write each policy in a `csp!` of its own and send each in a header of its own".to_owned(),
                _ => kind.message(Syntax::Header),
            };
            let error = match kind {
                CspErrorKind::EmptyPolicy => self.place().error(message),
                CspErrorKind::InvalidCharacter(c) => self.error_at(at..at + c.len_utf8(), message),
                CspErrorKind::Comma => self.error_at(at..at + 1, message),
                _ => self.error_at(self.word_at(at), message),
            };
            errors.push(error);
        }
        None
    }

    /// The error at the name of the policy's `directive`th directive or, with `value`, at
    /// that value of it: the `n`th directive of the parsed policy is the `n`th written.
    pub fn error_at_directive(
        &self,
        directive: usize,
        value: Option<usize>,
        message: String,
    ) -> Option<syn::Error> {
        let written = split_directives(&self.text);
        let directive = written.get(directive)?;
        let at = match value {
            Some(i) => directive.values.get(i)?.1,
            None => directive.name_at,
        };
        Some(self.error_at(self.word_at(at), message))
    }

    /// The word that starts at byte `at`: up to the next whitespace or `;`.
    fn word_at(&self, at: usize) -> Range<usize> {
        let end = self.text[at..]
            .find([' ', '\t', ';'])
            .map_or(self.text.len(), |length| at + length);
        at..end
    }

    /// `message` about the bytes `range` of the text, saying where they are.
    fn error_at(&self, range: Range<usize>, message: String) -> syn::Error {
        let mut excerpt = String::new();
        for c in self.text[range.clone()].chars() {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                excerpt.extend(c.escape_debug());
            } else {
                excerpt.push(c);
            }
        }
        let span = source_range(&self.literal.to_string(), range.clone())
            .and_then(|source| self.literal.subspan(source))
            .unwrap_or_else(|| self.literal.span());
        Place::of(span).error(format!("{message} (at byte {}: `{excerpt}`)", range.start))
    }
}

/// Where the bytes `range` of a string literal's value are in its source, `literal`: in a
/// raw string, or a plain one without escapes, each byte of the value is one of the source.
fn source_range(literal: &str, range: Range<usize>) -> Option<Range<usize>> {
    let opening = if let Some(raw) = literal.strip_prefix('r') {
        // `r`, the `#`s and the quote.
        raw.find('"')? + 2
    } else if literal.starts_with('"') && !literal.contains('\\') {
        1
    } else {
        return None;
    };
    Some(opening + range.start..opening + range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(source: &str) -> HeaderLiteral {
        HeaderLiteral::new(&syn::parse_str(source).unwrap())
    }

    fn messages(source: &str) -> Vec<String> {
        let mut errors = Errors::default();
        assert!(header(source).validate(&mut errors).is_none());
        errors.messages()
    }

    #[test]
    fn errors_say_where_in_the_string_they_are() {
        assert_eq!(
            messages(r#""default-src 'self'; img-scr https:; script-src 'slef'""#),
            [
                "unknown directive `img-scr`; did you mean `img-src`? (at byte 20: `img-scr`)",
                "unknown keyword `slef`; did you mean `'self'`? (at byte 47: `'slef'`)",
            ]
        );
        assert_eq!(
            messages(r#""img-src a.example\r\n""#),
            [
                "invalid character '\\r': a policy contains only visible ASCII (at byte 17: `\\r`)",
                "invalid character '\\n': a policy contains only visible ASCII (at byte 18: `\\n`)",
            ]
        );
        assert_eq!(
            messages(r#"" ; ""#),
            ["a policy needs at least one directive, e.g. `default-src`"]
        );
    }

    #[test]
    fn a_literal_nonce_is_refused_with_the_placeholder_to_write() {
        assert_eq!(
            messages(r#""script-src 'nonce-r4nd0m' 'strict-dynamic'""#),
            [
                "a constant nonce protects nothing; write `'nonce'` and the middleware inserts a fresh one per response (at byte 11: `'nonce-r4nd0m'`)"
            ]
        );
    }

    #[test]
    fn lint_findings_point_at_the_word() {
        let header = header(r#""img-src data:;script-src  'self' 'unsafe-inline'""#);
        let error = header.error_at_directive(1, Some(1), "m".into()).unwrap();
        assert_eq!(error.to_string(), "m (at byte 33: `'unsafe-inline'`)");
        let error = header.error_at_directive(1, None, "m".into()).unwrap();
        assert_eq!(error.to_string(), "m (at byte 14: `script-src`)");
        assert!(header.error_at_directive(2, None, "m".into()).is_none());
    }

    #[test]
    fn source_ranges_exist_only_where_bytes_correspond() {
        assert_eq!(source_range(r#""img-src x""#, 0..7), Some(1..8));
        assert_eq!(source_range(r##"r#"img-src x"#"##, 8..9), Some(11..12));
        assert_eq!(source_range(r#"r"a""#, 0..1), Some(2..3));
        assert_eq!(source_range(r#""img-src\tx""#, 0..7), None);
    }
}

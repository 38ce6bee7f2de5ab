//! Reading a policy from header text (configuration files, environment variables).

use super::build::{Located, WrittenDirective, build};
use super::error::{CspError, CspErrorKind};
use super::policy::ContentSecurityPolicy;
use std::borrow::Cow;
use std::str::FromStr;

impl FromStr for ContentSecurityPolicy {
    type Err = CspError;

    /// Parses a policy as browsers read it: names and keywords ignore ASCII case, extra
    /// whitespace and empty directives (a trailing `;`) are skipped. Unlike browsers, it
    /// rejects what they would silently ignore: unknown or duplicate directives, invalid
    /// sources, unquoted keywords.
    fn from_str(text: &str) -> Result<Self, CspError> {
        if let Some((offset, c)) = text
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_graphic() || c == ' ' || c == '\t'))
        {
            return Err(CspError::new(CspErrorKind::InvalidCharacter(c), offset));
        }
        if let Some(offset) = text.find(',') {
            return Err(CspError::new(CspErrorKind::Comma, offset));
        }
        build(None, split_directives(text), 0).map_err(|errors| {
            let Located { kind, at } = errors
                .into_iter()
                .next()
                .expect("build reports at least one error when it fails");
            CspError::new(kind, at)
        })
    }
}

/// Splits the text at `;` and whitespace, keeping the byte offset of each word.
fn split_directives(text: &str) -> Vec<WrittenDirective<'_, usize>> {
    let mut directives = Vec::new();
    let mut start = 0;
    for segment in text.split(';') {
        let mut words = words_with_offsets(segment, start);
        start += segment.len() + 1;
        if words.is_empty() {
            continue;
        }
        let (name, name_at) = words.remove(0);
        directives.push(WrittenDirective {
            name: Cow::Borrowed(name),
            name_at,
            values: words
                .into_iter()
                .map(|(word, at)| (Cow::Borrowed(word), at))
                .collect(),
        });
    }
    directives
}

fn words_with_offsets(segment: &str, base: usize) -> Vec<(&str, usize)> {
    let mut words = Vec::new();
    let mut word_start = None;
    for (i, c) in segment.char_indices() {
        match (c == ' ' || c == '\t', word_start) {
            (true, Some(s)) => {
                words.push((&segment[s..i], base + s));
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = word_start {
        words.push((&segment[s..], base + s));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csp::{DirectiveName, Keyword};

    fn parse(text: &str) -> Result<ContentSecurityPolicy, CspError> {
        text.parse()
    }

    #[test]
    fn prints_the_canonical_form() {
        let policy = parse("  DEFAULT-SRC   'NONE' ;img-src 'self'\tdata: ; ").unwrap();
        assert_eq!(policy.as_str(), "default-src 'none'; img-src 'self' data:");
    }

    #[test]
    fn errors_carry_the_byte_offset() {
        let error = parse("default-src 'none'; img-scr 'self'").unwrap_err();
        assert_eq!(error.offset(), 20);
        assert_eq!(
            error.to_string(),
            "unknown directive `img-scr`; did you mean `img-src`? (at byte 20)"
        );
        let error = parse("default-src self").unwrap_err();
        assert_eq!(
            error.kind(),
            &CspErrorKind::UnquotedKeyword(Keyword::SelfOrigin)
        );
        assert_eq!(error.offset(), 12);
        assert_eq!(
            error.to_string(),
            "`self` without quotes is a host name; did you mean `'self'`? (at byte 12)"
        );
    }

    /// Chromium warns "forgot a semicolon?" for this; browsers read `font-src` and `'self'`
    /// after it as sources of `img-src`.
    #[test]
    fn a_directive_name_among_sources_is_a_missing_semicolon() {
        let error = parse("img-src 'self' font-src 'self'").unwrap_err();
        assert_eq!(
            error.kind(),
            &CspErrorKind::DirectiveNameAsSource(DirectiveName::FontSrc)
        );
        assert_eq!(error.offset(), 15);
        assert_eq!(
            error.to_string(),
            "`font-src` is a directive name, not a host: missing `;` before it? (at byte 15)"
        );
        assert!(parse("img-src 'self' SCRIPT-SRC").is_err());
        assert!(parse("img-src 'self' font-src.example.com").is_ok());
    }

    #[test]
    fn rejects_commas_duplicates_and_empty_policies() {
        assert_eq!(
            parse("default-src 'self', img-src 'self'")
                .unwrap_err()
                .offset(),
            18
        );
        assert_eq!(
            parse("img-src 'self'; IMG-SRC data:").unwrap_err().kind(),
            &CspErrorKind::DuplicateDirective(DirectiveName::ImgSrc)
        );
        assert_eq!(parse(" ; ").unwrap_err().kind(), &CspErrorKind::EmptyPolicy);
        assert_eq!(
            parse("default-src: 'self'").unwrap_err().kind(),
            &CspErrorKind::ColonAfterName {
                name: "default-src".into()
            }
        );
    }

    #[test]
    fn directive_checks() {
        assert_eq!(
            parse("script-src 'none' 'self'").unwrap_err().kind(),
            &CspErrorKind::NoneWithOtherSources
        );
        assert_eq!(
            parse("script-src 'strict-dynamic' 'self'")
                .unwrap_err()
                .kind(),
            &CspErrorKind::StrictDynamicWithoutNonceOrHash
        );
        assert!(parse("script-src 'strict-dynamic' 'nonce'").is_ok());
        assert!(parse("sandbox").is_ok());
        assert_eq!(
            parse("upgrade-insecure-requests 1").unwrap_err().kind(),
            &CspErrorKind::UnexpectedValue(DirectiveName::UpgradeInsecureRequests)
        );
        assert_eq!(
            parse("report-to a b").unwrap_err().kind(),
            &CspErrorKind::TooManyValues(DirectiveName::ReportTo)
        );
        assert_eq!(
            parse("img-src").unwrap_err().kind(),
            &CspErrorKind::MissingValue(DirectiveName::ImgSrc)
        );
        assert!(matches!(
            parse("prefetch-src 'self'").unwrap_err().kind(),
            CspErrorKind::ObsoleteDirective { .. }
        ));
    }

    #[test]
    fn control_characters_are_rejected_with_their_offset() {
        let error = parse("default-src 'self'\r\nX-Injected: 1").unwrap_err();
        assert_eq!(error.kind(), &CspErrorKind::InvalidCharacter('\r'));
        assert_eq!(error.offset(), 18);
    }

    #[test]
    fn nonce_template_splits_around_placeholders() {
        let policy = parse("script-src 'nonce' 'strict-dynamic'; style-src 'nonce'").unwrap();
        assert!(policy.needs_nonce());
        assert_eq!(
            policy.nonce_template(),
            ["script-src ", " 'strict-dynamic'; style-src ", ""]
        );
        assert_eq!(
            parse("img-src 'self'").unwrap().nonce_template(),
            ["img-src 'self'"]
        );
    }
}

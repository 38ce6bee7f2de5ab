//! Reading HSTS header text: the grammar of RFC 6797 section 6.1, and `FromStr`.

use super::StrictTransportSecurity;
use super::error::{HstsError, HstsErrorKind};
use std::ops::Range;
use std::str::FromStr;

impl FromStr for StrictTransportSecurity {
    type Err = HstsError;

    /// Parses header text as browsers read it (RFC 6797 section 6.1), and refuses a `preload`
    /// the preload list would refuse.
    ///
    /// Directive names ignore ASCII case, values may be quoted, whitespace and empty
    /// directives are skipped. As in browsers, a directive HSTS does not define is skipped
    /// and a `max-age` beyond `u32::MAX` seconds is read as `u32::MAX`;
    /// [`analyze`](super::analyze) lists what was skipped or clamped.
    ///
    /// Refused, as browsers ignore the whole header: no `max-age`, a directive given twice, a
    /// value on `includeSubDomains`, text outside the grammar. Refused although browsers
    /// enforce the header (they do not read `preload`): `preload` without
    /// `includeSubDomains`, with less than a year, twice or with a value.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::StrictTransportSecurity;
    /// let hsts: StrictTransportSecurity = r#"Max-Age="63072000"; includeSubDomains; report-uri="/r""#.parse()?;
    /// assert_eq!(hsts.to_string(), "max-age=63072000; includeSubDomains");
    /// let huge: StrictTransportSecurity = "max-age=99999999999".parse()?;
    /// assert_eq!(huge.max_age(), u32::MAX);
    /// assert!("max-age=1; max-age=2".parse::<StrictTransportSecurity>().is_err());
    /// # Ok::<(), secure_http::hsts::HstsError>(())
    /// ```
    fn from_str(text: &str) -> Result<Self, HstsError> {
        let analysis = super::analyze(text);
        if let Some(finding) = analysis
            .findings()
            .iter()
            .find(|f| f.kind().error().is_some())
        {
            let kind = finding.kind().error().cloned();
            return Err(HstsError::new(
                kind.expect("found by its error"),
                finding.span().start,
            ));
        }
        Ok(analysis
            .policy()
            .expect("browsers enforce a header nothing refuses"))
    }
}

/// One directive as written.
#[derive(Debug)]
pub(super) struct Written<'a> {
    /// From the first character of the name to the last of the value.
    pub span: Range<usize>,
    pub name: &'a str,
    /// The value after `=` as written (quotes included); `None` without `=`.
    pub raw_value: Option<&'a str>,
    /// The value with its quotes and escapes removed.
    pub value: Option<String>,
}

/// The directives of header text by RFC 6797's grammar, which browsers hold to:
///
/// ```text
/// directive-name [ "=" ( token / quoted-string ) ] *( ";" [ directive ] )
/// ```
///
/// with whitespace around `;` and `=`. Also where the text leaves the grammar, if it does;
/// the directives are those before that place. The text holds visible ASCII, spaces and tabs
/// only (the caller checks).
pub(super) fn directives(text: &str) -> (Vec<Written<'_>>, Option<(HstsErrorKind, Range<usize>)>) {
    let bytes = text.as_bytes();
    let mut directives = Vec::new();
    let mut at = 0;
    let skip_spaces = |at: &mut usize| {
        while *at < bytes.len() && matches!(bytes[*at], b' ' | b'\t') {
            *at += 1;
        }
    };
    let token_end = |mut at: usize| {
        while at < bytes.len() && is_tchar(bytes[at]) {
            at += 1;
        }
        at
    };
    let broken = |expected, at: usize| Some((HstsErrorKind::Syntax(expected), at..at + 1));
    loop {
        skip_spaces(&mut at);
        if at == bytes.len() {
            return (directives, None);
        }
        if bytes[at] == b';' {
            at += 1;
            continue;
        }
        let start = at;
        at = token_end(at);
        if at == start {
            return (directives, broken("a directive name", at));
        }
        let name = &text[start..at];
        let mut end = at;
        skip_spaces(&mut at);
        let (mut raw_value, mut value) = (None, None);
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            skip_spaces(&mut at);
            let value_start = at;
            if bytes.get(at) == Some(&b'"') {
                let mut unquoted = String::new();
                at += 1;
                loop {
                    match bytes.get(at) {
                        None => {
                            let error = HstsErrorKind::Syntax("a closing `\"`");
                            return (directives, Some((error, value_start..text.len())));
                        }
                        Some(b'"') => break,
                        // A quoted-pair: the next character as itself.
                        Some(b'\\') if at + 1 < bytes.len() => {
                            unquoted.push(char::from(bytes[at + 1]));
                            at += 2;
                        }
                        Some(b'\\') => at += 1,
                        Some(&b) => {
                            unquoted.push(char::from(b));
                            at += 1;
                        }
                    }
                }
                at += 1;
                value = Some(unquoted);
            } else {
                at = token_end(at);
                value = Some(text[value_start..at].to_owned());
            }
            raw_value = Some(&text[value_start..at]);
            end = at;
            skip_spaces(&mut at);
        }
        if at < bytes.len() && bytes[at] != b';' {
            let expected = if raw_value.is_some() {
                "`;` after the value (a value holding other characters than a token's is quoted)"
            } else {
                "`=` or `;` after the directive name"
            };
            return (directives, broken(expected, at));
        }
        directives.push(Written {
            span: start..end,
            name,
            raw_value,
            value,
        });
    }
}

/// A character of an HTTP token (RFC 9110 section 5.6.2).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hsts::Directive;

    fn parse(text: &str) -> Result<StrictTransportSecurity, HstsError> {
        text.parse()
    }

    #[test]
    fn reads_what_browsers_read_and_prints_canonically() {
        let hsts = parse(" MAX-AGE=\"31536000\" ;includesubdomains;PRELOAD; ").unwrap();
        assert_eq!(hsts, StrictTransportSecurity::DEFAULT);
        assert_eq!(parse("max-age=0").unwrap().to_string(), "max-age=0");
        assert_eq!(parse("max-age = 600 ;;").unwrap().max_age(), 600);
        assert_eq!(parse(r#"max-age="6\00""#).unwrap().max_age(), 600);
    }

    #[test]
    fn skips_unknown_directives_and_clamps_as_browsers_do() {
        let read = |text: &str| parse(text).unwrap().to_string();
        assert_eq!(
            read(r#"max-age=31536000; includeSubDomains; preload; report-uri="x""#),
            "max-age=31536000; includeSubDomains; preload"
        );
        assert_eq!(read("Max-Age=1;foo=bar"), "max-age=1");
        assert_eq!(read(r#"max-age="63072000""#), "max-age=63072000");
        assert_eq!(read(r#"foo; bar="a;b"; max-age=5; foo"#), "max-age=5");
        // A misspelt directive is not one: browsers skip it, and the header means less.
        assert_eq!(read("max-age=1; includeSubDomain"), "max-age=1");
        assert_eq!(read("max-age=99999999999"), format!("max-age={}", u32::MAX));
        assert_eq!(
            read("max-age=00000000000000000000000000000600"),
            "max-age=600"
        );
    }

    #[test]
    fn rejects_with_offsets() {
        let error = |text: &str| {
            let error = parse(text).unwrap_err();
            (error.kind().clone(), error.offset())
        };
        assert_eq!(
            error("max-age=600; includeSubDomains; preload"),
            (HstsErrorKind::PreloadTooShort { max_age: 600 }, 32)
        );
        assert_eq!(
            error("max-age=1; max-age=2"),
            (HstsErrorKind::DuplicateDirective(Directive::MaxAge), 11)
        );
        assert_eq!(error("preload"), (HstsErrorKind::MissingMaxAge, 0));
        assert_eq!(
            error("max-age=-1"),
            (HstsErrorKind::InvalidMaxAge("-1".into()), 0)
        );
        assert_eq!(
            error("includeSubDomains; max-age"),
            (HstsErrorKind::InvalidMaxAge(String::new()), 19)
        );
        assert_eq!(
            error("max-age=1\r\nSet-Cookie: a=b"),
            (HstsErrorKind::InvalidCharacter('\r'), 9)
        );
        assert_eq!(
            error("max-age=1; includeSubDomains=yes"),
            (
                HstsErrorKind::UnexpectedValue(Directive::IncludeSubdomains),
                11
            )
        );
        assert_eq!(
            error("max-age=31536000; includeSubDomains; preload; preload"),
            (HstsErrorKind::DuplicateDirective(Directive::Preload), 46)
        );
        assert_eq!(
            error("max-age=31536000; includeSubDomains; preload=1"),
            (HstsErrorKind::UnexpectedValue(Directive::Preload), 37)
        );
    }

    #[test]
    fn refuses_text_outside_the_grammar_as_browsers_ignore_it() {
        let syntax = |text: &str| match parse(text).unwrap_err() {
            error if matches!(error.kind(), HstsErrorKind::Syntax(_)) => error.offset(),
            error => panic!("{text:?}: {error}"),
        };
        // An unquoted value that is not a token, such as a URL.
        assert_eq!(syntax("max-age=1; report-uri=https://r.example"), 27);
        assert_eq!(syntax(r#"max-age=1; foo="unclosed"#), 15);
        assert_eq!(syntax("max-age=1; =5"), 11);
        assert_eq!(syntax("max-age=1 includeSubDomains"), 10);
        assert_eq!(syntax("max-age=1; a b"), 13);
        assert_eq!(syntax("max-age=1; foo="), 15);
    }
}

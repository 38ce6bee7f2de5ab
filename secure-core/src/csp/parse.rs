//! Reading a policy from header text (configuration files, environment variables, and the
//! string form of `csp!`).

use super::build::{Builder, Located, WrittenDirective, build};
use super::error::{CspError, CspErrorKind};
use super::policy::ContentSecurityPolicy;
use super::text::{Keep, Source, same_bytes};
use std::borrow::Cow;
use std::str::FromStr;

impl FromStr for ContentSecurityPolicy {
    type Err = CspError;

    /// Parses a policy as browsers read it: names and keywords ignore ASCII case, extra
    /// whitespace and empty directives (a trailing `;`) are skipped. Unlike browsers, it
    /// rejects what they would silently ignore: unknown or duplicate directives, invalid
    /// sources, unquoted keywords. The error is the first of [`parse_header`]'s.
    fn from_str(text: &str) -> Result<Self, CspError> {
        parse_header(text).map_err(|errors| {
            let Located { kind, at } = errors
                .into_iter()
                .next()
                .expect("parse_header reports at least one error when it fails");
            CspError::new(kind, at)
        })
    }
}

/// What a byte is to [`parse_plain`].
const WORD: u8 = 0;
/// Spaces and tabs, between words.
const SPACE: u8 = 1;
/// `;`, between directives.
const SEMICOLON: u8 = 2;
/// A byte that can never appear in a policy (not visible ASCII, or not ASCII at all), or `,`.
const OTHER: u8 = 3;

/// The class of each byte: visible ASCII but `;` and `,` is part of a word.
const CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = match byte {
            b' ' | b'\t' => SPACE,
            b';' => SEMICOLON,
            b',' => OTHER,
            _ if byte.is_ascii_graphic() => WORD,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// Reads header text into a policy, as [`str::parse`] does, but reports every problem
/// instead of the first, each at its byte offset in `text`.
///
/// Characters that can never appear in a policy come first, each of them, and then nothing
/// else is checked; then each `,` (it separates whole policies), likewise; then what the
/// validator finds, directive by directive.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::csp::CspErrorKind;
/// use secure_http::csp::parse::parse_header;
///
/// let errors = parse_header("img-scr 'self'; script-src 'unsafe-inlin'").unwrap_err();
/// let offsets: Vec<usize> = errors.iter().map(|e| e.at).collect();
/// assert_eq!(offsets, [0, 27]);
/// assert!(matches!(errors[1].kind, CspErrorKind::UnknownKeyword { .. }));
/// ```
pub fn parse_header(text: &str) -> Result<ContentSecurityPolicy, Vec<Located<usize>>> {
    if let Some(parsed) = parse_plain(text) {
        return parsed;
    }
    let invalid: Vec<Located<usize>> = text
        .char_indices()
        .filter(|&(_, c)| !(c.is_ascii_graphic() || c == ' ' || c == '\t'))
        .map(|(at, c)| Located {
            kind: CspErrorKind::InvalidCharacter(c),
            at,
        })
        .collect();
    if !invalid.is_empty() {
        return Err(invalid);
    }
    let commas: Vec<Located<usize>> = text
        .match_indices(',')
        .map(|(at, _)| Located {
            kind: CspErrorKind::Comma,
            at,
        })
        .collect();
    if !commas.is_empty() {
        return Err(commas);
    }
    build(None, split_directives(text), 0)
}

/// [`parse_header`] in one pass, for text without characters that can never appear in a
/// policy and without `,` (as a configured policy is written): `None` as soon as it meets
/// one, and `parse_header` then reports each of them. Otherwise it gives what
/// `build(None, split_directives(text), 0)` gives, with the values known to hold only
/// visible ASCII; but each directive is validated as soon as its words are read, and text
/// already written as the policy prints itself is kept as its header text.
fn parse_plain(text: &str) -> Option<Result<ContentSecurityPolicy, Vec<Located<usize>>>> {
    let bytes = text.as_bytes();
    // One copy of the text, which the values and the header share parts of.
    let source = Source::new(text);
    // Room for more directives than most policies have (there are 28 directive names in
    // all); counting the `;` first costs more than growing the list for a longer policy.
    let mut builder = Builder::new(16, true, Keep::In(&source));
    // The words of the directive being read, each with its offset: the name, then the values.
    let mut words: Vec<(&str, usize)> = Vec::with_capacity(16);
    // Whether the text read so far is what `render` writes: the names and values as they
    // print, one space between words, `"; "` between directives, nothing before or after.
    let mut canonical = true;
    let mut any_word = false;
    let mut last_word_end = 0;
    let mut flush = |words: &mut Vec<(&str, usize)>, canonical: &mut bool| {
        if let Some((&(name, name_at), values)) = words.split_first() {
            let directive = builder.directive(name, name_at, values);
            *canonical = *canonical
                && directive.is_some_and(|d| {
                    same_bytes(d.name().as_str().as_bytes(), name.as_bytes())
                        && d.values()
                            .iter()
                            .zip(values)
                            .all(|(value, &(written, at))| {
                                value.is_written_at(&source, written, at)
                            })
                });
            words.clear();
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        match CLASS[usize::from(bytes[i])] {
            WORD => {
                let start = i;
                i = word_end(bytes, i + 1);
                // Every byte of a word is ASCII, so it starts and ends at character boundaries.
                let gap = &bytes[last_word_end..start];
                canonical = canonical
                    && match (any_word, words.is_empty()) {
                        (false, _) => gap.is_empty(),
                        (true, true) => gap == b"; ",
                        (true, false) => gap == b" ",
                    };
                words.push((&text[start..i], start));
                any_word = true;
                last_word_end = i;
            }
            SPACE => i += 1,
            SEMICOLON => {
                flush(&mut words, &mut canonical);
                i += 1;
            }
            _ => return None,
        }
    }
    flush(&mut words, &mut canonical);
    canonical = canonical && last_word_end == bytes.len();
    Some(builder.finish(None, 0, canonical.then(|| source.whole())))
}

/// The offset of the first byte at or after `i` that is not part of a word (see [`CLASS`]),
/// or the length of `bytes`.
fn word_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);
    /// The high bit of each byte of `x` that is zero; exact up to the first such byte.
    const fn zero_bytes(x: u64) -> u64 {
        x.wrapping_sub(ONES) & !x & HIGH_BITS
    }
    // Eight bytes at a time while eight remain. Each test below sets the high bit of a byte
    // that ends the word; a borrow or carry can also set it in bytes after such a byte, never
    // before one, so the lowest bit set is the first byte that ends the word.
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Below `!` (0x21): space, tab and every control character.
        let below = x.wrapping_sub(ONES * 0x21) & !x;
        // Above `~` (0x7E): DEL and every byte of a non-ASCII character.
        let above = x.wrapping_add(ONES) | x;
        let separators =
            zero_bytes(x ^ (ONES * u64::from(b';'))) | zero_bytes(x ^ (ONES * u64::from(b',')));
        let ends = ((below | above) & HIGH_BITS) | separators;
        if ends != 0 {
            return i + (ends.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && CLASS[usize::from(bytes[i])] == WORD {
        i += 1;
    }
    i
}

/// Splits header text at `;` and whitespace into directives as written, each word with its
/// byte offset; empty directives are skipped and nothing is validated. The `n`th directive
/// of a policy that [`parse_header`] makes from `text` is the `n`th of these, its values in
/// the same order.
pub fn split_directives(text: &str) -> Vec<WrittenDirective<'_, usize>> {
    // One pass over the bytes: `;` ends a directive, spaces and tabs end a word. Both are
    // ASCII, so every word starts and ends at a character boundary.
    let bytes = text.as_bytes();
    let mut directives = Vec::with_capacity(8);
    let mut current: Option<WrittenDirective<'_, usize>> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b';' => {
                directives.extend(current.take());
                i += 1;
            }
            b' ' | b'\t' => i += 1,
            _ => {
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b';') {
                    i += 1;
                }
                let word = Cow::Borrowed(&text[start..i]);
                match &mut current {
                    Some(directive) => directive.values.push((word, start)),
                    None => {
                        current = Some(WrittenDirective {
                            name: word,
                            name_at: start,
                            values: Vec::with_capacity(4),
                        })
                    }
                }
            }
        }
    }
    directives.extend(current);
    directives
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

    /// Text already in the canonical form is kept as the header; any difference from it
    /// (spacing, `;`, case) makes the parser print the header itself.
    #[test]
    fn only_canonical_text_is_kept_as_the_header() {
        let canonical = "script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-forms; upgrade-insecure-requests";
        assert_eq!(parse(canonical).unwrap().as_str(), canonical);
        for written in [
            "script-src  'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-forms; upgrade-insecure-requests",
            "script-src 'self'\t'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-forms; upgrade-insecure-requests",
            " script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-forms; upgrade-insecure-requests",
            "script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:;sandbox allow-forms; upgrade-insecure-requests",
            "script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https: ; sandbox allow-forms; upgrade-insecure-requests",
            "script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; ; sandbox allow-forms; upgrade-insecure-requests",
            "script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-forms; upgrade-insecure-requests;",
            "script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-forms; upgrade-insecure-requests ",
            "Script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-forms; upgrade-insecure-requests",
            "script-src 'Self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-forms; upgrade-insecure-requests",
            "script-src 'self' 'SHA256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-forms; upgrade-insecure-requests",
            "script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' HTTPS:; sandbox allow-forms; upgrade-insecure-requests",
            "script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' https:; sandbox allow-Forms; upgrade-insecure-requests",
        ] {
            assert_eq!(parse(written).unwrap().as_str(), canonical, "{written:?}");
        }
    }

    /// `word_end` reads eight bytes at a time; it finds the same end as reading one byte at
    /// a time, whatever bytes follow the first one that ends the word (a borrow or carry from
    /// one byte into the next must not hide or move it).
    #[test]
    fn word_end_agrees_with_the_byte_classes() {
        let one_at_a_time = |bytes: &[u8], start: usize| {
            (start..bytes.len())
                .find(|&i| CLASS[usize::from(bytes[i])] != WORD)
                .unwrap_or(bytes.len())
        };
        let mut bytes = [b'a'; 20];
        for first in 0..=255u8 {
            for second in 0..=255u8 {
                for (at, then) in [(3, 4), (7, 8), (9, 15), (0, 19)] {
                    bytes.fill(b'a');
                    bytes[at] = first;
                    bytes[then] = second;
                    for start in [0, 1, at, 12] {
                        assert_eq!(
                            word_end(&bytes, start),
                            one_at_a_time(&bytes, start),
                            "{bytes:?} from {start}"
                        );
                    }
                }
            }
        }
        assert_eq!(word_end(b"", 0), 0);
        assert_eq!(word_end(b"abc", 3), 3);
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

    /// `FromStr` reports the first of `parse_header`'s errors; `parse_header` reports them
    /// all, each at its offset.
    #[test]
    fn every_error_is_reported_with_its_offset() {
        let errors = |text| {
            parse_header(text)
                .unwrap_err()
                .into_iter()
                .map(|e| (e.kind, e.at))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            errors("img-scr 'self'; script-src 'slef'; img-scr data:"),
            [
                (
                    CspErrorKind::UnknownDirective {
                        name: "img-scr".into(),
                        suggestion: Some("img-src")
                    },
                    0
                ),
                (
                    CspErrorKind::UnknownKeyword {
                        name: "slef".into(),
                        suggestion: Some(Keyword::SelfOrigin)
                    },
                    27
                ),
                (
                    CspErrorKind::UnknownDirective {
                        name: "img-scr".into(),
                        suggestion: Some("img-src")
                    },
                    35
                ),
            ]
        );
        // Characters that cannot appear, then commas, each stop what comes after them.
        assert_eq!(
            errors("img-src 'slef'\r\n, a\u{e9}"),
            [
                (CspErrorKind::InvalidCharacter('\r'), 14),
                (CspErrorKind::InvalidCharacter('\n'), 15),
                (CspErrorKind::InvalidCharacter('\u{e9}'), 19),
            ]
        );
        assert_eq!(
            errors("img-src 'slef', font-src 'self',"),
            [(CspErrorKind::Comma, 14), (CspErrorKind::Comma, 31)]
        );
        for text in [
            "img-scr 'self'; script-src 'slef'",
            "a\r,b",
            "a,b",
            "",
            "img-src x,",
        ] {
            let first = parse_header(text).unwrap_err().remove(0);
            let error = parse(text).unwrap_err();
            assert_eq!((error.kind(), error.offset()), (&first.kind, first.at));
        }
    }

    /// What the string form of `csp!` uses to point lint findings at their words.
    #[test]
    fn split_directives_keeps_the_offsets_of_the_words() {
        let written = split_directives(" img-src  'self'\tdata: ;; script-src x ;");
        let words: Vec<_> = written
            .iter()
            .map(|d| {
                let values: Vec<(&str, usize)> =
                    d.values.iter().map(|(v, at)| (v.as_ref(), *at)).collect();
                (d.name.as_ref(), d.name_at, values)
            })
            .collect();
        assert_eq!(
            words,
            [
                ("img-src", 1, vec![("'self'", 10), ("data:", 17)]),
                ("script-src", 26, vec![("x", 37)]),
            ]
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

//! Text from a report, made safe for one log line.

use crate::syntax::needs_escape;
use std::fmt;

/// Text received in a violation report, shown so that it cannot break or disguise a log
/// line: the library logs and [`Display`](fmt::Display)s report fields through it.
///
/// Report fields come from anyone who can reach the endpoint. Written raw, a line feed in a
/// `document-uri` starts a forged log line, an ANSI sequence recolours or erases a terminal,
/// and a bidirectional override (U+202E) shows text in another order than it is stored. Each
/// of these characters is written as a Rust escape instead:
///
/// - the C0 controls (`\t`, `\n`, `\r` and `\0` by their short names, the rest as
///   `\u{1b}`), DEL (`\u{7f}`) and the C1 controls U+0080 to U+009F;
/// - the bidirectional and format controls U+061C, U+200E, U+200F, U+202A to U+202E and
///   U+2066 to U+2069, and the line and paragraph separators U+2028 and U+2029;
/// - the backslash itself, as `\\`, so that an escape in the output always stands for one
///   character of the input.
///
/// Everything else, non-ASCII text included, is written unchanged. The wrapper allocates
/// nothing.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::report::Escaped;
/// let received = "https://a.example/\n2099-01-01 WARN forged \u{1b}[31m\u{202e}C:\\x";
/// assert_eq!(
///     Escaped(received).to_string(),
///     r"https://a.example/\n2099-01-01 WARN forged \u{1b}[31m\u{202e}C:\\x"
/// );
/// assert_eq!(Escaped("https://example.com/café").to_string(), "https://example.com/café");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut unwritten = 0;
        for (at, c) in text.char_indices() {
            let short = match c {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                c if needs_escape(c) => "",
                _ => continue,
            };
            f.write_str(&text[unwritten..at])?;
            if short.is_empty() {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_str(short)?;
            }
            unwritten = at + c.len_utf8();
        }
        f.write_str(&text[unwritten..])
    }
}

#[cfg(test)]
mod tests {
    use super::Escaped;

    fn escaped(text: &str) -> String {
        Escaped(text).to_string()
    }

    #[test]
    fn plain_text_is_unchanged() {
        for text in [
            "",
            "https://example.com/a?b=c#d",
            "script-src-elem",
            "inline",
            "café 日本語 🦀 \u{a0}\u{200b}\u{feff}",
            r#"quotes ' " and `ticks`"#,
        ] {
            assert_eq!(escaped(text), text);
        }
    }

    #[test]
    fn c0_controls_del_and_c1_controls_are_escaped() {
        assert_eq!(escaped("a\nb\rc\td\0e"), r"a\nb\rc\td\0e");
        assert_eq!(
            escaped("\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{1f}"),
            r"\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{1f}"
        );
        assert_eq!(escaped("\u{7f}"), r"\u{7f}");
        assert_eq!(
            escaped("\u{80}\u{85}\u{9b}\u{9f}"),
            r"\u{80}\u{85}\u{9b}\u{9f}"
        );
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_control())
        {
            let out = escaped(&c.to_string());
            assert!(out.starts_with('\\') && out.is_ascii(), "{c:?} gave {out}");
        }
    }

    #[test]
    fn bidirectional_and_format_controls_are_escaped() {
        let controls = [
            ('\u{061C}', r"\u{61c}"),
            ('\u{200E}', r"\u{200e}"),
            ('\u{200F}', r"\u{200f}"),
            ('\u{202A}', r"\u{202a}"),
            ('\u{202B}', r"\u{202b}"),
            ('\u{202C}', r"\u{202c}"),
            ('\u{202D}', r"\u{202d}"),
            ('\u{202E}', r"\u{202e}"),
            ('\u{2066}', r"\u{2066}"),
            ('\u{2067}', r"\u{2067}"),
            ('\u{2068}', r"\u{2068}"),
            ('\u{2069}', r"\u{2069}"),
            ('\u{2028}', r"\u{2028}"),
            ('\u{2029}', r"\u{2029}"),
        ];
        for (c, expected) in controls {
            assert_eq!(escaped(&format!("a{c}b")), format!("a{expected}b"));
        }
        // Their neighbours are printed as they are.
        for c in [
            '\u{061B}', '\u{061D}', '\u{200D}', '\u{2010}', '\u{2027}', '\u{202F}', '\u{2065}',
            '\u{206A}', '\u{a0}', '\u{a1}',
        ] {
            assert_eq!(escaped(&c.to_string()), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn a_backslash_is_escaped_so_that_escapes_are_unambiguous() {
        assert_eq!(escaped(r"C:\x"), r"C:\\x");
        // A received `\n` (two characters) and a line feed come out differently.
        assert_eq!(escaped(r"\n"), r"\\n");
        assert_eq!(escaped("\n"), r"\n");
        assert_eq!(escaped(r"\u{1b}"), r"\\u{1b}");
    }

    #[test]
    fn the_output_is_one_line_of_visible_text() {
        let all: String = (0..=0x3000).filter_map(char::from_u32).collect();
        let out = escaped(&all);
        assert!(!out.chars().any(|c| c.is_control()));
        assert!(!out.contains(['\u{202e}', '\u{2028}', '\u{2029}', '\u{61c}']));
    }
}

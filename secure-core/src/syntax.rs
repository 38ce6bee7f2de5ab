//! The two ways a policy is written, which decide how messages spell names and keywords.

/// How a policy was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Header text (`'self'`, `includeSubDomains`), as given to `FromStr`.
    Header,
    /// The macros (`self`, `include-subdomains`).
    Macro,
}

/// The characters that text from outside is never shown with as they are, but escaped as in
/// Rust source: controls (C0, DEL, C1), the bidirectional and format controls (which show
/// text in another order than it is stored), and the Unicode line and paragraph separators.
pub(crate) fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` for an error message, with the characters of [`needs_escape`] escaped as in Rust
/// source: the text may come from anywhere, and the message may go to a log line or a
/// compiler diagnostic, which a raw CR or LF would break and a bidirectional override would
/// disguise.
pub(crate) fn escape_controls(text: &str) -> impl std::fmt::Display + '_ {
    struct Escaped<'a>(&'a str);
    impl std::fmt::Display for Escaped<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            for c in self.0.chars() {
                if needs_escape(c) {
                    write!(f, "{}", c.escape_debug())?;
                } else {
                    std::fmt::Write::write_char(f, c)?;
                }
            }
            Ok(())
        }
    }
    Escaped(text)
}

/// Calls `f` with `text` in ASCII lowercase, copied to the stack: for looking names up in a
/// `match` without allocating. `None` when `text` is too long to be any name looked up so.
pub(crate) fn with_ascii_lowercase<T>(text: &str, f: impl FnOnce(&str) -> T) -> Option<T> {
    const LONGEST: usize = 48;
    if text.len() > LONGEST {
        return None;
    }
    // Headers are mostly written in lowercase already: then there is nothing to copy.
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(f(text));
    }
    let mut buffer = [0u8; LONGEST];
    let lower = &mut buffer[..text.len()];
    lower.copy_from_slice(text.as_bytes());
    lower.make_ascii_lowercase();
    // Lowercasing ASCII letters keeps UTF-8 valid.
    std::str::from_utf8(lower).ok().map(f)
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn messages_escape_line_breaks_and_bidirectional_controls() {
        // A right-to-left override would show the rest of a log line reversed.
        let hostile = "a\nb\u{202e}c\u{2066}d\u{200f}e\u{61c}f\u{2028}g\u{1b}h";
        assert_eq!(
            escape_controls(hostile).to_string(),
            r"a\nb\u{202e}c\u{2066}d\u{200f}e\u{61c}f\u{2028}g\u{1b}h"
        );
        assert_eq!(escape_controls("café").to_string(), "café");
    }
}

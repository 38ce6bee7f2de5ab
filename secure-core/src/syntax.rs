//! The two ways a policy is written, which decide how messages spell names and keywords.

/// How a policy was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Header text (`'self'`, `includeSubDomains`), as given to `FromStr`.
    Header,
    /// The macros (`self`, `include-subdomains`).
    Macro,
}

/// `text` for an error message, with control characters (and the Unicode line separators)
/// escaped as in Rust source: the text may come from anywhere, and the message may go to a
/// log line or a compiler diagnostic, which a raw CR or LF would break.
pub(crate) fn escape_controls(text: &str) -> impl std::fmt::Display + '_ {
    struct Escaped<'a>(&'a str);
    impl std::fmt::Display for Escaped<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            for c in self.0.chars() {
                if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
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

//! The text a policy holds (its values and its header): written into the program by `csp!`,
//! made by the library, or part of the one copy of the text the runtime parser read, which
//! the values read from it share instead of each holding a copy of its own.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// A piece of policy text; compares, hashes and prints as the `str` it holds.
#[derive(Clone)]
pub(crate) enum Text {
    /// Text that lives as long as the program (made at compile time).
    Static(&'static str),
    /// Text made by the library (a rendered header, a lowercased scheme, ...).
    Owned(Box<str>),
    /// The bytes `start..end` of text shared with other values.
    Shared {
        text: Arc<str>,
        start: usize,
        end: usize,
    },
}

impl Text {
    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Static(text) => text,
            Self::Owned(text) => text,
            Self::Shared { text, start, end } => &text[*start..*end],
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Self::Owned(text.into_boxed_str())
    }
}

/// The text a parser reads, copied once so that what it reads can keep parts of it.
pub(crate) struct Source<'a> {
    read: &'a str,
    copy: Arc<str>,
}

impl<'a> Source<'a> {
    /// A copy of `read`.
    pub(crate) fn new(read: &'a str) -> Self {
        Self {
            read,
            copy: Arc::from(read),
        }
    }

    /// `part` as text to keep: a share of the copy when `part` is a part of the text read
    /// (found by where it lies in memory), and a copy of its own otherwise.
    #[inline]
    pub(crate) fn keep(&self, part: &str) -> Text {
        let offset = (part.as_ptr() as usize).wrapping_sub(self.read.as_ptr() as usize);
        if offset <= self.read.len() && part.len() <= self.read.len() - offset {
            // `part` is `read[offset..offset + part.len()]`: these bytes of the copy are the
            // same text, and character boundaries of it.
            Text::Shared {
                text: Arc::clone(&self.copy),
                start: offset,
                end: offset + part.len(),
            }
        } else {
            Text::Owned(part.into())
        }
    }

    /// The whole text read, shared.
    pub(crate) fn whole(&self) -> Text {
        self.keep(self.read)
    }

    /// Whether `text` is the share of this source's copy that holds the `len` bytes read at
    /// `at`: then it is those bytes, without comparing them.
    pub(crate) fn holds(&self, text: &Text, at: usize, len: usize) -> bool {
        matches!(text, Text::Shared { text, start, end }
            if Arc::ptr_eq(text, &self.copy)
                && *start == at
                && *end - at == len)
    }
}

/// Whether `a` and `b` are the same bytes, compared here: the words of a policy are short,
/// and calling `memcmp` for them costs more time than the comparison itself.
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Where the text of the values being read is kept: each in a copy of its own, or shared
/// from the copy of a [`Source`].
#[derive(Clone, Copy)]
pub(crate) enum Keep<'s> {
    /// Each value copies its text.
    Copy,
    /// Values read from the source's text share its copy.
    In(&'s Source<'s>),
}

impl Keep<'_> {
    /// `part` as text to keep.
    #[inline]
    pub(crate) fn keep(self, part: &str) -> Text {
        match self {
            Self::Copy => Text::Owned(part.into()),
            Self::In(source) => source.keep(part),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_the_text_read_are_shared_and_other_text_copied() {
        let read = String::from("img-src https://a.example");
        let source = Source::new(&read);
        let host = source.keep(&read[8..]);
        assert!(matches!(
            host,
            Text::Shared {
                start: 8,
                end: 25,
                ..
            }
        ));
        assert_eq!(host.as_str(), "https://a.example");
        assert!(matches!(
            source.keep(&read[25..]),
            Text::Shared {
                start: 25,
                end: 25,
                ..
            }
        ));
        assert!(matches!(
            source.whole(),
            Text::Shared {
                start: 0,
                end: 25,
                ..
            }
        ));
        assert!(source.holds(&host, 8, 17));
        assert!(!source.holds(&host, 8, 16));
        assert!(!source.holds(&host, 7, 17));
        // The same range of another copy of the same text is another text.
        let other = Source::new(&read);
        assert!(!other.holds(&host, 8, 17));
        // Equal text elsewhere in memory is copied, not taken for a part.
        let elsewhere = String::from("https://a.example");
        let copied = source.keep(&elsewhere);
        assert!(matches!(copied, Text::Owned(_)));
        assert_eq!(copied, host);
        assert_eq!(format!("{copied:?}"), format!("{:?}", "https://a.example"));
        assert_eq!(Keep::Copy.keep("x"), Text::Static("x"));
    }

    #[test]
    fn same_bytes_compares_length_and_every_byte() {
        assert!(same_bytes(b"", b""));
        assert!(same_bytes(b"self", b"self"));
        assert!(!same_bytes(b"self", b"sel"));
        assert!(!same_bytes(b"self", b"selF"));
        assert!(!same_bytes(b"self", b"Self"));
    }
}

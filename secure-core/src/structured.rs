//! Structured-field dictionaries (RFC 8941 section 4.2.2), the syntax of `Permissions-Policy`
//! and `Integrity-Policy` that browsers parse first: a header that breaks it is ignored whole. Parsed in full,
//! keeping every member (a repeated key too) with its place, so that `FromStr` can refuse
//! what `analyze` reads as browsers do.
//!
//! Not read: RFC 9651's dates (`@`) and display strings (`%"`), which fail here as they do in
//! an RFC 8941 parser.

use std::ops::Range;

/// A member: `key=value;param`, or `key;param` for the value `true`.
#[derive(Debug, Clone)]
pub(crate) struct Member<'a> {
    pub key: &'a str,
    pub key_span: Range<usize>,
    /// `None` for a key alone, which is the Boolean `true`.
    pub value: Option<Value<'a>>,
    pub params: Vec<Param<'a>>,
}

/// A member's value.
#[derive(Debug, Clone)]
pub(crate) enum Value<'a> {
    Item(Item<'a>),
    /// `(item item)`: the items with their parameters.
    InnerList(Vec<(Item<'a>, Vec<Param<'a>>)>),
}

/// A bare item and where it is.
#[derive(Debug, Clone)]
pub(crate) struct Item<'a> {
    pub bare: Bare<'a>,
    pub span: Range<usize>,
}

/// The kinds of bare items. Numbers, byte sequences and Booleans are kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bare<'a> {
    Token(&'a str),
    /// The text between the quotes, escapes still in.
    String(&'a str),
    Other(&'a str),
}

/// `;key=value` after a member or an item.
#[derive(Debug, Clone)]
pub(crate) struct Param<'a> {
    pub key: &'a str,
    pub span: Range<usize>,
    /// `None` for a key alone, which is the Boolean `true`.
    #[cfg_attr(not(feature = "http"), allow(dead_code))]
    pub value: Option<Item<'a>>,
}

/// How a header names its parts in the messages of [`dictionary`]: what a member is, what
/// its value and the items of its lists are.
pub(crate) struct Words {
    /// A member's name: "a feature name".
    pub member: &'static str,
    /// A `,` between members.
    pub between: &'static str,
    /// A member after a `,`.
    pub after_comma: &'static str,
    /// A member's value that is not a list.
    pub value: &'static str,
    /// An item of a list, or `)`.
    pub item: &'static str,
    /// A `'` at the start of an item.
    pub quote: &'static str,
    /// A space between items, or `)`.
    pub separator: &'static str,
}

/// Why text is not a dictionary: what was expected, and where.
pub(crate) type Broken = (&'static str, usize);

/// The members of a dictionary, in order, repeated keys included. Spaces and tabs around the
/// whole text are allowed (HTTP strips them before browsers parse the field).
pub(crate) fn dictionary<'a>(text: &'a str, words: &Words) -> Result<Vec<Member<'a>>, Broken> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        words,
    };
    let mut members = Vec::new();
    parser.skip(b" \t");
    if parser.at == parser.bytes.len() {
        return Ok(members);
    }
    loop {
        members.push(parser.member()?);
        parser.skip(b" \t");
        if parser.at == parser.bytes.len() {
            return Ok(members);
        }
        if !parser.eat(b',') {
            return Err(parser.broken(words.between));
        }
        parser.skip(b" \t");
        if parser.at == parser.bytes.len() {
            return Err(parser.broken(words.after_comma));
        }
    }
}

/// A structured-field item (RFC 8941 section 4.2.3), the syntax of
/// `Cross-Origin-Opener-Policy` and `Cross-Origin-Embedder-Policy`: a bare item and its
/// parameters. Spaces and tabs around the whole text are allowed.
#[cfg(feature = "http")]
pub(crate) fn item<'a>(text: &'a str, words: &Words) -> Result<(Item<'a>, Vec<Param<'a>>), Broken> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        words,
    };
    parser.skip(b" \t");
    let item = parser.bare_item(words.value)?;
    let params = parser.params()?;
    parser.skip(b" \t");
    if parser.at != parser.bytes.len() {
        return Err(parser.broken(words.between));
    }
    Ok((item, params))
}

struct Parser<'a, 'w> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    words: &'w Words,
}

impl<'a> Parser<'a, '_> {
    fn broken(&self, expected: &'static str) -> Broken {
        (expected, self.at)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let eaten = self.peek() == Some(byte);
        self.at += usize::from(eaten);
        eaten
    }

    fn skip(&mut self, set: &[u8]) {
        while self.peek().is_some_and(|b| set.contains(&b)) {
            self.at += 1;
        }
    }

    /// Advances over bytes that `keep` accepts; what it went over.
    fn take(&mut self, keep: impl Fn(u8) -> bool) -> &'a str {
        let start = self.at;
        while self.peek().is_some_and(&keep) {
            self.at += 1;
        }
        &self.text[start..self.at]
    }

    fn member(&mut self) -> Result<Member<'a>, Broken> {
        let start = self.at;
        let key = self.key(self.words.member)?;
        let key_span = start..self.at;
        let value = if self.eat(b'=') {
            Some(if self.peek() == Some(b'(') {
                self.inner_list()?
            } else {
                Value::Item(self.bare_item(self.words.value)?)
            })
        } else {
            None
        };
        let params = self.params()?;
        Ok(Member {
            key,
            key_span,
            value,
            params,
        })
    }

    /// `lcalpha / "*"`, then `lcalpha / DIGIT / "_" / "-" / "." / "*"`.
    fn key(&mut self, expected: &'static str) -> Result<&'a str, Broken> {
        match self.peek() {
            Some(b) if b.is_ascii_lowercase() || b == b'*' => {}
            Some(b) if b.is_ascii_uppercase() => {
                return Err(self.broken(
                    "a lowercase name (browsers ignore the whole header for an uppercase letter)",
                ));
            }
            _ => return Err(self.broken(expected)),
        }
        Ok(self.take(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.*".contains(&b)))
    }

    fn inner_list(&mut self) -> Result<Value<'a>, Broken> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip(b" ");
            if self.eat(b')') {
                return Ok(Value::InnerList(items));
            }
            match self.peek() {
                None => return Err(self.broken("`)` to close the list")),
                Some(b'\t') => return Err(self.broken("spaces, not tabs, inside a list")),
                Some(b'\'') => {
                    return Err(self.broken(self.words.quote));
                }
                _ => {}
            }
            let item = self.bare_item(self.words.item)?;
            let params = self.params()?;
            items.push((item, params));
            if !matches!(self.peek(), Some(b' ' | b')')) {
                return Err(self.broken(self.words.separator));
            }
        }
    }

    fn params(&mut self) -> Result<Vec<Param<'a>>, Broken> {
        let mut params = Vec::new();
        while self.peek() == Some(b';') {
            let start = self.at;
            self.at += 1;
            self.skip(b" ");
            let key = self.key("a parameter name after `;`")?;
            let value = if self.eat(b'=') {
                Some(self.bare_item("a parameter value after `=`")?)
            } else {
                None
            };
            params.push(Param {
                key,
                span: start..self.at,
                value,
            });
        }
        Ok(params)
    }

    fn bare_item(&mut self, expected: &'static str) -> Result<Item<'a>, Broken> {
        let start = self.at;
        let bare = match self.peek() {
            Some(b'"') => Bare::String(self.string()?),
            Some(b) if b.is_ascii_alphabetic() || b == b'*' => Bare::Token(
                self.take(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:/".contains(&b)),
            ),
            Some(b) if b == b'-' || b.is_ascii_digit() => {
                self.number()?;
                Bare::Other(&self.text[start..self.at])
            }
            Some(b':') => {
                self.at += 1;
                self.take(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b));
                if !self.eat(b':') {
                    return Err(self.broken("a closing `:` after base64"));
                }
                Bare::Other(&self.text[start..self.at])
            }
            Some(b'?') => {
                self.at += 1;
                if !(self.eat(b'0') || self.eat(b'1')) {
                    return Err(self.broken("`?0` or `?1`"));
                }
                Bare::Other(&self.text[start..self.at])
            }
            _ => return Err(self.broken(expected)),
        };
        Ok(Item {
            bare,
            span: start..self.at,
        })
    }

    /// The text between the quotes of a string; only `\"` and `\\` are escapes.
    fn string(&mut self) -> Result<&'a str, Broken> {
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek() {
                None => return Err(self.broken("a closing `\"`")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(&self.text[start..self.at - 1]);
                }
                Some(b'\\') => {
                    self.at += 1;
                    if !(self.eat(b'"') || self.eat(b'\\')) {
                        return Err(self.broken("`\"` or `\\` after `\\` in a string"));
                    }
                }
                Some(b' '..=b'~') => self.at += 1,
                Some(_) => return Err(self.broken("visible ASCII or spaces in a string")),
            }
        }
    }

    /// An integer of at most 15 digits, or a decimal of at most 12 digits, `.` and 1 to 3.
    fn number(&mut self) -> Result<(), Broken> {
        self.eat(b'-');
        let integer = self.take(|b| b.is_ascii_digit()).len();
        if integer == 0 {
            return Err(self.broken("a digit"));
        }
        if !self.eat(b'.') {
            return if integer <= 15 {
                Ok(())
            } else {
                Err(self.broken("an integer of at most 15 digits"))
            };
        }
        let fraction = self.take(|b| b.is_ascii_digit()).len();
        if integer > 12 || !(1..=3).contains(&fraction) {
            return Err(self.broken("a decimal of at most 12 digits, `.` and 1 to 3 digits"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary(text: &str) -> Result<Vec<Member<'_>>, Broken> {
        super::dictionary(text, &crate::permissions::WORDS)
    }

    fn keys(text: &str) -> Result<Vec<&str>, Broken> {
        Ok(dictionary(text)?.iter().map(|m| m.key).collect())
    }

    #[test]
    fn reads_the_dictionary_syntax() {
        assert_eq!(keys(""), Ok(vec![]));
        assert_eq!(
            keys(r#"a=(), b=*, c=("x" self), d, e=?0;p=1, a=1.5, f=:aGk=:, g=-3"#),
            Ok(vec!["a", "b", "c", "d", "e", "a", "f", "g"])
        );
        assert_eq!(keys("\t a=( self  \"x\" ) ,\tb=self "), Ok(vec!["a", "b"]));
        let members = dictionary(r#"camera=("a\"b" self;p);report-to=x"#).unwrap();
        let Some(Value::InnerList(items)) = &members[0].value else {
            panic!("{members:?}")
        };
        assert_eq!(items[0].0.span, 8..14);
        assert_eq!(items[0].0.bare, Bare::String(r#"a\"b"#));
        assert_eq!(items[1].0.bare, Bare::Token("self"));
        assert_eq!(
            (items[1].1[0].key, items[1].1[0].span.clone()),
            ("p", 19..21)
        );
        let param = &members[0].params[0];
        assert_eq!((param.key, param.span.clone()), ("report-to", 22..34));
        assert_eq!(
            param.value.as_ref().map(|v| &v.bare),
            Some(&Bare::Token("x"))
        );
    }

    #[test]
    #[cfg(feature = "http")]
    fn reads_an_item_with_parameters() {
        let words = &crate::permissions::WORDS;
        let (read_item, params) =
            super::item(" same-origin; report-to=\"coop\";x\t", words).unwrap();
        assert_eq!(
            (read_item.bare, read_item.span),
            (Bare::Token("same-origin"), 1..12)
        );
        let read: Vec<_> = params
            .iter()
            .map(|p| {
                (
                    p.key,
                    p.span.clone(),
                    p.value.as_ref().map(|v| v.bare.clone()),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("report-to", 12..30, Some(Bare::String("coop"))),
                ("x", 30..32, None)
            ]
        );
        assert_eq!(
            super::item("same-origin, unsafe-none", words)
                .unwrap_err()
                .1,
            11
        );
        assert_eq!(
            super::item("same-origin; Report-To=\"x\"", words)
                .unwrap_err()
                .1,
            13
        );
        assert_eq!(super::item("", words).unwrap_err().1, 0);
    }

    #[test]
    fn breaks_where_browsers_give_up() {
        let at = |text| dictionary(text).unwrap_err().1;
        assert_eq!(at("Camera=()"), 0);
        assert_eq!(at("camera=(),"), 10);
        assert_eq!(at("camera=() geolocation=()"), 10);
        assert_eq!(at("camera=(\tself)"), 8);
        assert_eq!(at("camera=(self\t)"), 12);
        assert_eq!(at("camera =()"), 7);
        assert_eq!(at("camera= ()"), 7);
        assert_eq!(at("camera=('self')"), 8);
        assert_eq!(at(r#"camera=("a)"#), 11);
        assert_eq!(at(r#"camera=("\a")"#), 10);
        assert_eq!(at("camera=(self"), 12);
        assert_eq!(at("a=1234567890123456"), 18);
        assert_eq!(at("a=1.2345"), 8);
        assert_eq!(at("a=?2"), 3);
        assert_eq!(at("a=:abc"), 6);
        assert_eq!(at("a=@1"), 2);
    }
}

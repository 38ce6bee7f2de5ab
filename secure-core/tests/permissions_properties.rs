//! Property tests of the Permissions-Policy parser (`PermissionsPolicy::from_str`) and of
//! the header it prints.
//!
//! As in `properties.rs`, the generators build a model of a policy beside its header text,
//! so the properties compare the parser with an expectation computed without it. What the
//! parser must accept is written out again here, in [`grammar`]: the structured-field
//! dictionary of RFC 8941 restricted to Permissions-Policy (a known feature, `=`, then `*` or
//! an inner list of `self`, `src` and origin strings). As in structured fields, names and
//! tokens are lowercase and a list holds spaces only; tabs are allowed around `,` and at the
//! ends. Near-valid text is then checked against it in both directions.

mod common;

use common::{config, mutated, padding, random_case};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use secure_core::permissions::{FEATURES, PermissionsErrorKind, PermissionsPolicy};
use std::net::Ipv6Addr;

// ---------------------------------------------------------------------------------------------
// The grammar, restated.
// ---------------------------------------------------------------------------------------------

/// A cursor over header bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    /// Skips spaces and tabs; how many there were.
    fn spaces(&mut self) -> usize {
        self.run(|b| b == b' ' || b == b'\t').len()
    }

    /// Skips spaces, not tabs; how many there were.
    fn spaces_in_list(&mut self) -> usize {
        self.run(|b| b == b' ').len()
    }

    /// The longest run of bytes matching `class`.
    fn run(&mut self, class: impl Fn(u8) -> bool) -> &str {
        let start = self.at;
        while self.peek().is_some_and(&class) {
            self.at += 1;
        }
        std::str::from_utf8(&self.bytes[start..self.at]).expect("ASCII")
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// The canonical header of `text` if the grammar allows it, else `None`:
///
/// ```text
/// policy    = OWS feature *( OWS "," OWS feature ) OWS        ; no empty member, no trailing ","
/// feature   = name "=" ( "*" / list )                         ; a name of FEATURES, once
/// list      = "(" *SP [ member *( 1*SP member ) *SP ] ")"
/// member    = "self" / "src" / DQUOTE origin DQUOTE           ; tokens in lowercase
/// origin    = scheme "://" [ "*." ] host [ ":" port ]         ; `*.` only before a domain name
/// ```
fn grammar(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .all(|&b| b == b' ' || b == b'\t' || b.is_ascii_graphic())
    {
        return None;
    }
    let mut cursor = Cursor { bytes, at: 0 };
    let mut names: Vec<String> = Vec::new();
    let mut features = Vec::new();
    cursor.spaces();
    loop {
        let name = cursor
            .run(|b| b.is_ascii_lowercase() || b == b'-')
            .to_owned();
        if !FEATURES.contains(&name.as_str()) || names.contains(&name) || !cursor.eat(b'=') {
            return None;
        }
        let value = if cursor.eat(b'*') {
            "*".to_owned()
        } else if cursor.eat(b'(') {
            let mut members = Vec::new();
            let mut separated = true;
            loop {
                separated |= cursor.spaces_in_list() > 0;
                if cursor.eat(b')') {
                    break;
                }
                if !separated {
                    return None;
                }
                let member = if cursor.eat(b'"') {
                    let origin = cursor.run(|b| b != b'"').to_owned();
                    if !cursor.eat(b'"') || !origin_allowed(&origin) {
                        return None;
                    }
                    format!("\"{}\"", origin.to_ascii_lowercase())
                } else {
                    let token = cursor.run(|b| b.is_ascii_alphabetic()).to_owned();
                    if token != "self" && token != "src" {
                        return None;
                    }
                    token
                };
                members.push(member);
                separated = false;
            }
            format!("({})", members.join(" "))
        } else {
            return None;
        };
        features.push(format!("{name}={value}"));
        names.push(name);
        cursor.spaces();
        if cursor.done() {
            break;
        }
        if !cursor.eat(b',') {
            return None;
        }
        cursor.spaces();
        if cursor.done() {
            return None;
        }
    }
    Some(features.join(", "))
}

/// `scheme "://" [ "*." ] host [ ":" port ]`, as RFC 6454 serializes origins (the default
/// port of `http` and `https` left out), with the wildcard subdomain of Permissions-Policy.
fn origin_allowed(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let scheme_ok = scheme.bytes().enumerate().all(|(i, b)| {
        b.is_ascii_alphabetic() || (i > 0 && (b.is_ascii_digit() || b"+-.".contains(&b)))
    }) && !scheme.is_empty();
    let (wildcard, rest) = match rest.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (host_ok, port) = if let Some(bracketed) = rest.strip_prefix('[') {
        let Some((address, after)) = bracketed.split_once(']') else {
            return false;
        };
        let port = match after {
            "" => None,
            after => match after.strip_prefix(':') {
                Some(port) => Some(port),
                None => return false,
            },
        };
        (!wildcard && address.parse::<Ipv6Addr>().is_ok(), port)
    } else {
        let (host, port) = match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        };
        let labels: Vec<&str> = host.split('.').collect();
        let names_ok = labels.iter().all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        // A last label of digits makes the host an IPv4 address, which has no subdomains.
        let ip = labels
            .last()
            .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()));
        (names_ok && !(wildcard && ip), port)
    };
    let port_ok = port.is_none_or(|port| {
        let default = match scheme.to_ascii_lowercase().as_str() {
            "http" => "80",
            "https" => "443",
            _ => "",
        };
        (1..=5).contains(&port.len())
            && port.bytes().all(|b| b.is_ascii_digit())
            && !port.starts_with('0')
            && port.parse::<u32>().is_ok_and(|p| p <= 65_535)
            && port != default
    });
    scheme_ok && host_ok && port_ok
}

// ---------------------------------------------------------------------------------------------
// The model of a generated policy.
// ---------------------------------------------------------------------------------------------

/// One allow-list member as written and as it must print.
#[derive(Debug, Clone)]
struct Member {
    written: String,
    canonical: String,
}

#[derive(Debug, Clone)]
enum Allow {
    All,
    List(Vec<Member>),
}

type Model = Vec<(&'static str, Allow)>;

#[derive(Debug, Clone)]
struct Generated {
    header: String,
    model: Model,
    canonical: String,
}

fn render_allow(allow: &Allow) -> String {
    match allow {
        Allow::All => "*".to_owned(),
        Allow::List(members) => {
            let members: Vec<&str> = members.iter().map(|m| m.canonical.as_str()).collect();
            format!("({})", members.join(" "))
        }
    }
}

/// The canonical header of a model.
fn render(model: &Model) -> String {
    model
        .iter()
        .map(|(name, allow)| format!("{name}={}", render_allow(allow)))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// Strategies.
// ---------------------------------------------------------------------------------------------

fn scheme() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec!["https", "http", "wss", "ws", "ftp", "web+app", "chrome-extension"])
            .prop_map(str::to_owned),
        1 => "[a-z][a-z0-9+.-]{0,6}",
    ]
}

/// A domain name; its last label starts with a letter, so it is never an IPv4 address.
fn domain() -> impl Strategy<Value = String> {
    (
        vec("[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?", 0..3),
        "[a-z][a-z0-9-]{0,6}",
    )
        .prop_map(|(mut labels, last)| {
            labels.push(last);
            labels.join(".")
        })
}

/// `scheme://[*.]host[:port]`, in random case; printed lowercase.
fn origin() -> impl Strategy<Value = Member> {
    let host = prop_oneof![
        6 => (any::<bool>(), domain())
            .prop_map(|(wild, d)| if wild { format!("*.{d}") } else { d }),
        1 => any::<[u8; 4]>().prop_map(|o| format!("{}.{}.{}.{}", o[0], o[1], o[2], o[3])),
        1 => any::<Ipv6Addr>().prop_map(|a| format!("[{a}]")),
        1 => Just("localhost".to_owned()),
    ];
    (scheme(), host, proptest::option::of(1..=65_535u32))
        .prop_map(|(scheme, host, port)| {
            let default = match scheme.as_str() {
                "http" => Some(80),
                "https" => Some(443),
                _ => None,
            };
            let port = port
                .filter(|&p| Some(p) != default)
                .map_or(String::new(), |p| format!(":{p}"));
            format!("{scheme}://{host}{port}")
        })
        .prop_flat_map(|canonical| {
            random_case(canonical.clone()).prop_map(move |written| Member {
                written: format!("\"{written}\""),
                canonical: format!("\"{canonical}\""),
            })
        })
}

fn member() -> impl Strategy<Value = Member> {
    prop_oneof![
        2 => select(vec!["self", "src"]).prop_map(token),
        3 => origin(),
    ]
}

fn allow() -> impl Strategy<Value = Allow> {
    prop_oneof![
        1 => Just(Allow::All),
        2 => Just(Allow::List(Vec::new())),
        4 => vec(member(), 1..4).prop_map(Allow::List),
    ]
}

/// Distinct features from the table, in random order, with allow-lists.
fn model() -> impl Strategy<Value = Model> {
    subsequence(FEATURES, 1..=6)
        .prop_shuffle()
        .prop_flat_map(|names| {
            names
                .into_iter()
                .map(|name| allow().prop_map(move |allow| (name, allow)))
                .collect::<Vec<_>>()
        })
}

/// Spaces where a list allows none or some.
fn padding_in_list() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just(String::new()), 1 => " {1,3}"]
}

/// Spaces where a list needs some.
fn gap_in_list() -> impl Strategy<Value = String> {
    prop_oneof![4 => Just(" ".to_owned()), 1 => " {1,3}"]
}

/// One feature as written: the list spaced at random.
fn feature_text(name: &'static str, allow: &Allow) -> BoxedStrategy<String> {
    match allow {
        Allow::All => Just(format!("{name}=*")).boxed(),
        Allow::List(members) => {
            let written: Vec<String> = members.iter().map(|m| m.written.clone()).collect();
            (
                padding_in_list(),
                vec(gap_in_list(), written.len()),
                padding_in_list(),
            )
                .prop_map(move |(open, gaps, close)| {
                    let mut text = format!("{name}=({open}");
                    for (i, member) in written.iter().enumerate() {
                        if i > 0 {
                            text.push_str(&gaps[i]);
                        }
                        text.push_str(member);
                    }
                    text + &close + ")"
                })
                .boxed()
        }
    }
}

/// The header text of a model: OWS around each `,`, and at both ends.
fn header(model: &Model) -> impl Strategy<Value = String> + use<> {
    let features: Vec<_> = model.iter().map(|(n, a)| feature_text(n, a)).collect();
    let count = model.len();
    (
        features,
        vec((padding(), padding()), count),
        padding(),
        padding(),
    )
        .prop_map(|(features, separators, lead, trail)| {
            let mut text = lead;
            for (i, feature) in features.iter().enumerate() {
                if i > 0 {
                    let (before, after) = &separators[i];
                    text.push_str(before);
                    text.push(',');
                    text.push_str(after);
                }
                text.push_str(feature);
            }
            text + &trail
        })
}

fn generated_policy() -> impl Strategy<Value = Generated> {
    model().prop_flat_map(|model| {
        let canonical = render(&model);
        header(&model).prop_map(move |header| Generated {
            header,
            model: model.clone(),
            canonical: canonical.clone(),
        })
    })
}

/// Characters that are never allowed, or that separate things.
const TROUBLE: &[&str] = &[
    "\r", "\n", "\r\n", "\0", "\u{7f}", "\u{b}", "\u{c}", "é", "\u{a0}", "\u{2028}", "😀", ";",
];

/// Pieces of Permissions-Policy text, right and wrong.
fn fragment() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(FEATURES).prop_flat_map(random_case),
        1 => select(vec!["camra", "interest-cohort", "document-domain", "vibrate", "x-camera"])
            .prop_map(str::to_owned),
        3 => member().prop_map(|m| m.written),
        1 => select(vec![
            "none", "'none'", "'self'", "*", "https://a.example", "\"https://a.example/\"",
            "\"https://a.example:443\"", "\"http://a.example:80\"", "\"https://*.1.2.3.4\"",
            "\"https://*.[::1]\"", "\"https://[:]\"", "\"https://[::1]\"", "\"*.a.example\"",
            "\"https://a.example:0\"", "\"https://a..example\"", "\"https://user@a.example\"",
            "\"\"", "\\\"", "?1", "report-to=x",
        ])
        .prop_map(str::to_owned),
        8 => select(vec![
            "=", "=*", "=()", "(", ")", "()", "\"", ",", ", ", " ,", " ", " ", "\t", "*", ":",
            ";",
        ])
        .prop_map(str::to_owned),
        3 => select(TROUBLE).prop_map(str::to_owned),
        1 => "[a-z=(),\"*:/. -]{1,6}",
    ]
    .boxed()
}

/// Fragments in any order, so that some of them parse.
fn soup() -> impl Strategy<Value = String> {
    vec(fragment(), 0..14).prop_map(|pieces| pieces.concat())
}

/// Text from a small alphabet of the grammar's characters, controls and non-ASCII.
fn alphabet() -> impl Strategy<Value = String> {
    "[a-z=(),\"*:/. \t\r\n\u{0}é-]{0,40}"
}

/// Text near the grammar: valid headers, near misses, fragments in any order.
fn near_valid() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => generated_policy().prop_map(|g| g.header),
        5 => mutated(generated_policy().prop_map(|g| g.header), fragment()),
        2 => soup(),
        1 => alphabet(),
    ]
}

/// Anything a parser may meet: near-valid text and arbitrary strings.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![4 => near_valid(), 1 => any::<String>()]
}

// ---------------------------------------------------------------------------------------------
// One defect in a valid policy, and the error it must cause.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Defect {
    /// A feature name misspelled as `x-<name>`.
    UnknownFeature(Index),
    /// A feature repeated at the end.
    Duplicate(Index),
    /// `none` or `'none'` added to a list.
    NoneMember(Index, &'static str),
    /// `*` added to a list.
    WildcardInList(Index),
    /// A malformed origin added to a list.
    BadOrigin(Index, &'static str),
    /// An origin without its quotes.
    UnquotedOrigin(Index),
    /// A control or non-ASCII character somewhere.
    Character(Index, char),
    /// A `,` after the last feature.
    TrailingComma,
    /// Two members of a list with no space between them.
    Adjacent(Index),
    /// Something the grammar does not have where an allow-list or `,` belongs.
    Syntax(Index, &'static str),
    /// No feature at all.
    Empty(&'static str),
}

fn defect() -> impl Strategy<Value = Defect> {
    let index = any::<Index>;
    prop_oneof![
        index().prop_map(Defect::UnknownFeature),
        index().prop_map(Defect::Duplicate),
        (index(), select(vec!["none", "'none'", "NONE"]))
            .prop_map(|(at, none)| Defect::NoneMember(at, none)),
        index().prop_map(Defect::WildcardInList),
        (
            index(),
            select(vec![
                "https://a.example/",
                "https://a.example/path",
                "https://a.example:443",
                "HTTP://a.example:80",
                "https://a.example:0",
                "https://a.example:65536",
                "https://user@a.example",
                "https://a..example",
                "https://a.example.",
                "a.example",
                "*.a.example",
                "https://*.1.2.3.4",
                "https://*.10.0.0.1:8443",
                "https://*.[::1]",
                "https://[:]",
                "https://[::1",
                "https://a.example?q",
                "https://a.example#f",
                "https://a b.example",
                "https://a.example\\",
                "",
            ])
        )
            .prop_map(|(at, origin)| Defect::BadOrigin(at, origin)),
        index().prop_map(Defect::UnquotedOrigin),
        (
            index(),
            select(vec![
                '\r', '\n', '\0', '\u{b}', '\u{7f}', '\u{85}', 'é', '\u{2028}'
            ])
        )
            .prop_map(|(at, c)| Defect::Character(at, c)),
        Just(Defect::TrailingComma),
        index().prop_map(Defect::Adjacent),
        (
            index(),
            select(vec![
                ":",
                " =",
                "= ",
                ";report-to=csp",
                ";",
                "self",
                "=self",
                "=\"https://a.example\"",
                "=(",
                "=()()",
                " x=()",
            ])
        )
            .prop_map(|(at, text)| Defect::Syntax(at, text)),
        select(vec!["", " ", "\t ", " , "]).prop_map(Defect::Empty),
    ]
}

fn token(text: &str) -> Member {
    Member {
        written: text.to_owned(),
        canonical: text.to_owned(),
    }
}

/// Adds `member` at a random place of the list of feature `at` (which becomes a list).
fn add_member(model: &mut Model, at: Index, member: Member) {
    let i = at.index(model.len());
    if let Allow::All = model[i].1 {
        model[i].1 = Allow::List(Vec::new());
    }
    let Allow::List(members) = &mut model[i].1 else {
        unreachable!()
    };
    let place = at.index(members.len() + 1);
    members.insert(place, member);
}

/// What must be rejected, with which error (and, when it is known, where).
enum Expected {
    Kind(PermissionsErrorKind),
    Syntax,
    InvalidOrigin,
}

/// The text with the defect, the error it must cause, and its offset when known.
fn spoil(mut model: Model, defect: &Defect) -> (String, Expected, Option<usize>) {
    match *defect {
        Defect::UnknownFeature(at) => {
            let i = at.index(model.len());
            let name = format!("x-{}", model[i].0);
            let mut features: Vec<String> = model
                .iter()
                .map(|(n, a)| format!("{n}={}", render_allow(a)))
                .collect();
            features[i] = format!("{name}={}", render_allow(&model[i].1));
            let suggestion = secure_core::suggest::closest(&name, FEATURES.iter().copied());
            let kind = PermissionsErrorKind::UnknownFeature { name, suggestion };
            (features.join(", "), Expected::Kind(kind), None)
        }
        Defect::Duplicate(at) => {
            let (name, allow) = model[at.index(model.len())].clone();
            let text = format!("{}, {name}={}", render(&model), render_allow(&allow));
            let at = text.rfind(", ").unwrap() + 2;
            let kind = PermissionsErrorKind::DuplicateFeature(name.to_owned());
            (text, Expected::Kind(kind), Some(at))
        }
        Defect::NoneMember(at, none) => {
            add_member(&mut model, at, token(none));
            // No structured-field token starts with `'`: browsers ignore the whole header.
            let expected = if none.starts_with('\'') {
                Expected::Syntax
            } else {
                Expected::Kind(PermissionsErrorKind::InvalidMember(none.to_owned()))
            };
            (render(&model), expected, None)
        }
        Defect::WildcardInList(at) => {
            add_member(&mut model, at, token("*"));
            let kind = PermissionsErrorKind::WildcardInList;
            (render(&model), Expected::Kind(kind), None)
        }
        Defect::BadOrigin(at, origin) => {
            add_member(&mut model, at, token(&format!("\"{origin}\"")));
            // `\"` is an escaped quote: the string does not end.
            let expected = if origin.ends_with('\\') {
                Expected::Syntax
            } else {
                Expected::InvalidOrigin
            };
            (render(&model), expected, None)
        }
        Defect::UnquotedOrigin(at) => {
            add_member(&mut model, at, token("https://a.example"));
            let kind = PermissionsErrorKind::InvalidMember("https://a.example".to_owned());
            (render(&model), Expected::Kind(kind), None)
        }
        Defect::Character(at, c) => {
            let mut text = render(&model);
            let places: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let i = places[at.index(places.len())];
            text.insert(i, c);
            let kind = PermissionsErrorKind::Syntax("visible ASCII only");
            (text, Expected::Kind(kind), Some(i))
        }
        Defect::TrailingComma => {
            let text = render(&model) + ",";
            let at = text.len();
            (text, Expected::Syntax, Some(at))
        }
        Defect::Adjacent(at) => {
            let i = at.index(model.len());
            let first = Member {
                written: "self".to_owned(),
                canonical: "self".to_owned(),
            };
            let second = token("\"https://a.example\"");
            let list = format!("({}{})", first.canonical, second.canonical);
            let mut features: Vec<String> = model
                .iter()
                .map(|(n, a)| format!("{n}={}", render_allow(a)))
                .collect();
            features[i] = format!("{}={list}", model[i].0);
            (features.join(", "), Expected::Syntax, None)
        }
        Defect::Syntax(at, insert) => {
            // After a feature's name, or after its allow-list.
            let i = at.index(model.len());
            let mut features: Vec<String> = model
                .iter()
                .map(|(n, a)| format!("{n}={}", render_allow(a)))
                .collect();
            features[i] = if insert.starts_with([' ', ';', 'x']) || insert == "self" {
                format!("{}{insert}", features[i])
            } else {
                format!("{}{insert}", model[i].0)
            };
            (features.join(", "), Expected::Syntax, None)
        }
        Defect::Empty(text) => (
            text.to_owned(),
            if text.contains(',') {
                Expected::Syntax
            } else {
                Expected::Kind(PermissionsErrorKind::Empty)
            },
            None,
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------------------------

/// Only visible ASCII and spaces, each `,` between two features and each quoted string an
/// origin: nothing that could end or split a header line, or add a member.
fn check_printed(printed: &str, features: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        printed.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
        "unsafe output {:?}",
        printed
    );
    prop_assert!(!printed.contains(';'), "`;` in {:?}", printed);
    prop_assert!(!printed.starts_with(' ') && !printed.ends_with([' ', ',']));
    let mut quoted = false;
    let mut commas = 0;
    for (i, c) in printed.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' => {
                prop_assert!(!quoted, "`,` inside a string of {:?}", printed);
                prop_assert!(
                    printed[..i].ends_with([')', '*']) && printed[i..].starts_with(", "),
                    "`,` at {} of {:?} does not separate features",
                    i,
                    printed
                );
                commas += 1;
            }
            _ => {}
        }
    }
    prop_assert!(!quoted, "unclosed string in {:?}", printed);
    prop_assert_eq!(commas + 1, features, "features of {:?}", printed);
    Ok(())
}

/// What must hold of any text the parser sees.
fn check(text: &str) -> Result<(), TestCaseError> {
    match text.parse::<PermissionsPolicy>() {
        Ok(policy) => {
            let printed = policy.as_str();
            prop_assert_eq!(policy.to_string(), printed);
            let features = printed.matches('=').count();
            check_printed(printed, features)?;
            let again: PermissionsPolicy = printed
                .parse()
                .map_err(|e| TestCaseError::fail(format!("{printed:?} does not parse: {e}")))?;
            prop_assert_eq!(again.as_str(), printed);
            prop_assert_eq!(again, policy);
        }
        Err(error) => {
            prop_assert!(
                error.offset() <= text.len() && text.is_char_boundary(error.offset()),
                "offset {} is not a position in {:?}",
                error.offset(),
                text
            );
            let message = error.to_string();
            prop_assert!(!message.is_empty());
            prop_assert!(
                !message.contains(|c: char| c.is_control()),
                "the message {:?} holds a control character",
                message
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    /// A valid policy, however it is cased and spaced, parses to its canonical text, which is
    /// a fixed point of parse-and-print.
    #[test]
    fn valid_policies_parse_and_print_canonically(generated in generated_policy()) {
        let Generated { header, model, canonical } = generated;
        let policy: PermissionsPolicy = header
            .parse()
            .map_err(|e| TestCaseError::fail(format!("{header:?} was rejected: {e}")))?;
        prop_assert_eq!(policy.as_str(), &canonical);
        prop_assert_eq!(policy.to_string(), canonical.as_str());
        check_printed(policy.as_str(), model.len())?;
        prop_assert_eq!(grammar(&header), Some(canonical.clone()));

        let again: PermissionsPolicy = policy
            .as_str()
            .parse()
            .map_err(|e| TestCaseError::fail(format!("{:?} was rejected: {e}", policy.as_str())))?;
        prop_assert_eq!(again.as_str(), policy.as_str());
        prop_assert_eq!(again, policy);
    }

    /// A valid policy with one defect is rejected, with the error of that defect (and, where
    /// the defect is at a known place, its offset).
    #[test]
    fn single_defects_are_rejected_with_their_error(model in model(), defect in defect()) {
        let (text, expected, offset) = spoil(model, &defect);
        prop_assert_eq!(grammar(&text), None, "the grammar allows {:?}", text);
        match text.parse::<PermissionsPolicy>() {
            Ok(policy) => prop_assert!(false, "{:?} was accepted as {:?}", text, policy.as_str()),
            Err(error) => {
                match expected {
                    Expected::Kind(kind) => prop_assert_eq!(error.kind(), &kind, "for {:?}", text),
                    Expected::Syntax => prop_assert!(
                        matches!(error.kind(), PermissionsErrorKind::Syntax(_)),
                        "{:?} for {:?}", error, text
                    ),
                    Expected::InvalidOrigin => prop_assert!(
                        matches!(error.kind(), PermissionsErrorKind::InvalidOrigin(_)),
                        "{:?} for {:?}", error, text
                    ),
                }
                if let Some(offset) = offset {
                    prop_assert_eq!(error.offset(), offset, "for {:?}", text);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(2048))]

    /// The parser never panics, and what it accepts prints safely and parses back to itself.
    #[test]
    fn parser_is_total_and_its_output_is_safe(text in any_text()) {
        check(&text)?;
    }

    /// The parser accepts exactly what the grammar allows, and prints what the grammar says.
    #[test]
    fn parser_accepts_exactly_what_the_grammar_allows(text in near_valid()) {
        let parsed = text.parse::<PermissionsPolicy>();
        let expected = grammar(&text);
        prop_assert_eq!(
            parsed.as_ref().ok().map(PermissionsPolicy::as_str),
            expected.as_deref(),
            "for {:?}: {:?}", text, parsed
        );
    }
}

/// The near-valid text must reach both branches, or the comparison above would check little.
#[test]
fn near_valid_text_is_often_valid_and_often_not() {
    let mut runner = TestRunner::deterministic();
    let strategy = near_valid();
    let valid = (0..1000)
        .filter(|_| {
            let text = strategy.new_tree(&mut runner).unwrap().current();
            text.parse::<PermissionsPolicy>().is_ok()
        })
        .count();
    eprintln!("of 1000 near-valid texts, {valid} are policies");
    assert!((150..=850).contains(&valid), "{valid} of 1000 texts parse");
}

/// Every feature of the table, with each kind of allow-list, is accepted by both; names that
/// are not in the table are refused by both.
#[test]
fn every_feature_and_allowlist_matches_the_grammar() {
    let lists = [
        "*",
        "()",
        "(self)",
        "(src)",
        "(\"https://a.example\")",
        "( self  \"https://*.Cdn.example:8443\"  src )",
        "(\"http://[::1]:8080\" \"wss://10.0.0.1\")",
    ];
    for feature in FEATURES {
        for list in lists {
            let text = format!("{feature}={list}");
            let parsed = text.parse::<PermissionsPolicy>();
            assert!(parsed.is_ok(), "{text}: {parsed:?}");
            assert_eq!(
                parsed.as_ref().ok().map(PermissionsPolicy::as_str),
                grammar(&text).as_deref(),
                "{text}"
            );
        }
    }
    for name in [
        "interest-cohort",
        "document-domain",
        "vibrate",
        "vr",
        "camera-",
        "-camera",
        "camera_",
        "",
    ] {
        let text = format!("{name}=()");
        assert!(text.parse::<PermissionsPolicy>().is_err(), "{text}");
        assert_eq!(grammar(&text), None, "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: the cases the properties above found.
// ---------------------------------------------------------------------------------------------

/// A `,` after the last feature is not a structured-field dictionary (RFC 8941 4.2.2:
/// "trailing comma; fail parsing"): a browser would drop the whole header, and so every
/// restriction in it. The parser accepted it.
#[test]
fn a_trailing_comma_is_refused() {
    for text in [
        "camera=(),",
        "camera=(), ",
        "camera=*, geolocation=(self) ,\t",
    ] {
        let error = text.parse::<PermissionsPolicy>().unwrap_err();
        assert!(
            matches!(error.kind(), PermissionsErrorKind::Syntax(_)),
            "{text:?}: {error:?}"
        );
        assert_eq!(grammar(text), None);
    }
}

/// Members of an inner list are separated by spaces (RFC 8941 3.1.1); the parser accepted
/// `(self"https://a.example")` and `("https://a.example""https://b.example")`, which
/// browsers refuse as a whole.
#[test]
fn list_members_need_a_space_between_them() {
    for text in [
        "geolocation=(self\"https://a.example\")",
        "geolocation=(\"https://a.example\"\"https://b.example\")",
        "geolocation=(\"https://a.example\"self)",
    ] {
        let error = text.parse::<PermissionsPolicy>().unwrap_err();
        assert!(
            matches!(error.kind(), PermissionsErrorKind::Syntax(_)),
            "{text:?}: {error:?}"
        );
    }
    assert!(
        "geolocation=(self \"https://a.example\")"
            .parse::<PermissionsPolicy>()
            .is_ok()
    );
}

/// Structured fields are case-sensitive and hold only spaces inside a list. The parser read
/// names and `self` in any case and tabs in lists, which browsers refuse: they ignore the
/// whole header for `Camera` or a tab in a list, and skip `SELF`.
#[test]
fn case_and_tabs_are_read_as_browsers_read_them() {
    for text in [
        "Camera=()",
        "camera=(), GEOLOCATION=(self)",
        "camera=(\tself)",
        "camera=(self\t\"https://a.example\")",
        "camera=(self )\t, usb=( \t)",
        "camera=(SELF)",
        "camera=(Src)",
    ] {
        assert!(text.parse::<PermissionsPolicy>().is_err(), "{text:?}");
        assert_eq!(grammar(text), None, "{text:?}");
    }
    let text = "\tcamera=(self \"https://A.example\")\t,\tusb=*\t";
    let parsed = text.parse::<PermissionsPolicy>().unwrap();
    assert_eq!(
        parsed.as_str(),
        r#"camera=(self "https://a.example"), usb=*"#
    );
    assert_eq!(grammar(text).as_deref(), Some(parsed.as_str()));
}

/// `*.` stands for subdomains, which IP addresses do not have; the parser accepted
/// `"https://*.1.2.3.4"` and `"https://*.[::1]"`.
#[test]
fn a_wildcard_needs_a_domain_name_after_it() {
    for origin in [
        "https://*.1.2.3.4",
        "https://*.10.0.0.1:8443",
        "https://*.[::1]",
        "https://*.[2001:db8::1]:8080",
    ] {
        let text = format!("geolocation=(\"{origin}\")");
        let error = text.parse::<PermissionsPolicy>().unwrap_err();
        assert!(
            matches!(error.kind(), PermissionsErrorKind::InvalidOrigin(_)),
            "{text:?}: {error:?}"
        );
        assert!(error.to_string().contains("domain name"), "{error}");
    }
    assert!(
        "geolocation=(\"https://*.a1.example\" \"https://*.localhost\")"
            .parse::<PermissionsPolicy>()
            .is_ok()
    );
}

/// A bracketed host must be an IPv6 address; `https://[:]` and `https://[1.2.3.4:]` were
/// accepted as origins.
#[test]
fn a_bracketed_host_is_an_ipv6_address() {
    for origin in [
        "https://[:]",
        "https://[1.2.3.4:]",
        "https://[::1::2]",
        "https://[12345::]",
    ] {
        assert!(
            origin.parse::<secure_core::origin::Origin>().is_err(),
            "{origin}"
        );
        let text = format!("geolocation=(\"{origin}\")");
        assert!(text.parse::<PermissionsPolicy>().is_err(), "{text}");
    }
    for origin in [
        "https://[::1]",
        "https://[2001:DB8::1]:8443",
        "http://[::ffff:10.0.0.1]",
    ] {
        assert!(
            origin.parse::<secure_core::origin::Origin>().is_ok(),
            "{origin}"
        );
    }
}

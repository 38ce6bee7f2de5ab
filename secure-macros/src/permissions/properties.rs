//! Property tests of `permissions_policy!`: policies generated in the macro's syntax go
//! through [`check`](super::check) without errors, make the header text expected of them,
//! expand to that very text, and the runtime parser reads it back to the same policy and
//! prints it identically, and `analyze` reads it as browsers do: the same policy, with `src`
//! skipped. Invalid policies are refused by the macro and by the runtime parser with the same
//! error.
//!
//! The expected header is computed beside the input: feature names lowercased, `self` and
//! `src` bare, origins quoted and lowercased, `*` alone. The macro reads names, `self` and
//! `src` in any case; header text holds them in lowercase, as browsers require.

use super::{check, expand};
use crate::test_support::{config, krate, tokens};
use proc_macro2::TokenStream;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use secure_core::Syntax;
use secure_core::permissions::{
    FEATURES, PermissionsErrorKind, PermissionsFindingKind, PermissionsPolicy, analyze,
};
use std::net::{Ipv4Addr, Ipv6Addr};
use syn::LitStr;
use syn::parse::{ParseStream, Parser};

/// One allow-list member: as written in the macro, as the same text in the header, and as
/// the canonical header prints it.
#[derive(Debug, Clone)]
struct Member {
    written: String,
    header: String,
    canonical: String,
}

#[derive(Debug, Clone)]
enum Allowlist {
    All,
    List(Vec<Member>),
}

impl Allowlist {
    /// The allow-list in the macro, its members separated by `spaces`.
    fn written(&self, spaces: &str) -> String {
        match self {
            Allowlist::All => "*".to_owned(),
            Allowlist::List(members) => {
                let members: Vec<&str> = members.iter().map(|m| m.written.as_str()).collect();
                format!("({})", members.join(spaces))
            }
        }
    }

    fn header(&self) -> String {
        match self {
            Allowlist::All => "*".to_owned(),
            Allowlist::List(members) => format!("({})", join(members, |m| &m.header)),
        }
    }

    fn canonical(&self) -> String {
        match self {
            Allowlist::All => "*".to_owned(),
            Allowlist::List(members) => format!("({})", join(members, |m| &m.canonical)),
        }
    }
}

fn join(members: &[Member], text: impl Fn(&Member) -> &String) -> String {
    members
        .iter()
        .map(|m| text(m).as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One feature: its name as written in the macro, the same text in the header, and its
/// canonical name (`None` when it is not a feature).
#[derive(Debug, Clone)]
struct Feature {
    written: String,
    header: String,
    canonical: Option<&'static str>,
    allowlist: Allowlist,
}

/// Mostly lowercase, sometimes in random ASCII case (the macro reads names and `self`, `src`
/// in any case).
fn some_case(word: &str) -> impl Strategy<Value = String> + use<> {
    let word = word.to_owned();
    prop_oneof![
        3 => Just(word.clone()),
        1 => vec(any::<bool>(), word.len()).prop_map(move |upper| {
            word.chars()
                .zip(upper)
                .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
                .collect()
        }),
    ]
}

/// A word as the macro reads it, sometimes as a raw identifier (`r#camera`): the macro
/// input, and the text it stands for.
fn word(text: String) -> impl Strategy<Value = (String, String)> {
    // `self` and `Self` cannot be raw identifiers.
    let can_be_raw = !text.eq_ignore_ascii_case("self");
    prop_oneof![
        5 => Just(false),
        1 => Just(can_be_raw),
    ]
    .prop_map(move |raw| {
        let written = if raw {
            format!("r#{text}")
        } else {
            text.clone()
        };
        (written, text.clone())
    })
}

/// `text` as a Rust string literal: plain, raw, or with escapes.
fn string_literal(text: String) -> impl Strategy<Value = String> {
    let len = text.chars().count();
    prop_oneof![
        3 => Just(format!("{text:?}")),
        1 => Just(format!("r#\"{text}\"#")),
        1 => vec(0..4u8, len).prop_map(move |escapes| {
            let mut literal = String::from("\"");
            for (c, escape) in text.chars().zip(escapes) {
                match escape {
                    0 if c.is_ascii() => literal.push_str(&format!("\\x{:02x}", c as u32)),
                    1 => literal.push_str(&format!("\\u{{{:x}}}", c as u32)),
                    _ => literal.extend(c.escape_debug()),
                }
            }
            literal.push('"');
            literal
        }),
    ]
}

/// `self` or `src`, in any case.
fn keyword_member() -> impl Strategy<Value = Member> {
    select(vec!["self", "src"]).prop_flat_map(|keyword| {
        some_case(keyword)
            .prop_flat_map(word)
            .prop_map(move |(written, _)| Member {
                written,
                header: keyword.to_owned(),
                canonical: keyword.to_owned(),
            })
    })
}

/// An origin as a string: its text, and its canonical text (lowercase).
fn origin_member(origin: impl Strategy<Value = String>) -> impl Strategy<Value = Member> {
    origin.prop_flat_map(|text| {
        let canonical = format!("\"{}\"", text.to_ascii_lowercase());
        let header = format!("\"{text}\"");
        string_literal(text).prop_map(move |written| Member {
            written,
            header: header.clone(),
            canonical: canonical.clone(),
        })
    })
}

fn scheme() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(vec!["https", "http", "wss", "ws"]).prop_map(str::to_owned),
        1 => "[a-z][a-z0-9+.-]{0,6}",
    ]
    .prop_flat_map(|scheme| some_case(&scheme))
}

/// A domain name of one to four labels, the last not all digits (that would be an IPv4
/// address to browsers, which has no subdomains).
fn domain() -> impl Strategy<Value = String> {
    (
        vec("[a-zA-Z0-9][a-zA-Z0-9-]{0,6}", 0..3),
        "[a-zA-Z0-9-]{0,6}[a-zA-Z-][a-zA-Z0-9-]{0,3}",
    )
        .prop_map(|(mut labels, last)| {
            labels.push(last);
            labels.join(".")
        })
}

fn ipv6() -> impl Strategy<Value = String> {
    any::<Ipv6Addr>().prop_flat_map(|ip| some_case(&format!("[{ip}]")))
}

/// A valid origin: a domain (with `*.` for its subdomains, sometimes), an IPv4 or a
/// bracketed IPv6 address; a port but the scheme's default one, sometimes.
fn origin() -> impl Strategy<Value = String> {
    let host = prop_oneof![
        4 => (any::<bool>(), domain()).prop_map(|(wildcard, domain)| {
            if wildcard { format!("*.{domain}") } else { domain }
        }),
        1 => any::<Ipv4Addr>().prop_map(|ip| ip.to_string()),
        1 => ipv6(),
    ];
    (scheme(), host, proptest::option::of(1..=65_535u32)).prop_map(|(scheme, host, port)| {
        let default = match scheme.to_ascii_lowercase().as_str() {
            "https" => Some(443),
            "http" => Some(80),
            _ => None,
        };
        match port.filter(|p| Some(*p) != default) {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        }
    })
}

fn member() -> impl Strategy<Value = Member> {
    prop_oneof![2 => keyword_member(), 3 => origin_member(origin())]
}

fn allowlist() -> impl Strategy<Value = Allowlist> {
    prop_oneof![
        1 => Just(Allowlist::All),
        1 => Just(Allowlist::List(Vec::new())),
        4 => vec(member(), 1..5).prop_map(Allowlist::List),
    ]
}

/// A known feature, its name in any case in the macro, with a valid allow-list.
fn feature(name: &'static str) -> impl Strategy<Value = Feature> {
    (some_case(name).prop_flat_map(word), allowlist()).prop_map(move |((written, _), allowlist)| {
        Feature {
            written,
            header: name.to_owned(),
            canonical: Some(name),
            allowlist,
        }
    })
}

/// Distinct features in random order.
fn features(count: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<Feature>> {
    subsequence(FEATURES, count)
        .prop_shuffle()
        .prop_flat_map(|names| names.into_iter().map(feature).collect::<Vec<_>>())
}

/// Members separated by spaces or new lines; features by commas, a trailing one sometimes.
fn input(features: Vec<Feature>) -> impl Strategy<Value = String> {
    let count = features.len();
    (
        vec(select(vec![", ", ",\n    ", " ,", ","]), count),
        vec(select(vec![": ", " : ", ":", ":\n        "]), count),
        select(vec![" ", "  ", "\n        "]),
        any::<bool>(),
    )
        .prop_map(move |(commas, colons, spaces, trailing)| {
            let mut input = String::new();
            for (i, feature) in features.iter().enumerate() {
                if i > 0 {
                    input.push_str(commas[i]);
                }
                let allowlist = feature.allowlist.written(spaces);
                input.push_str(&format!("{}{}{allowlist}", feature.written, colons[i]));
            }
            if trailing && !input.is_empty() {
                input.push(',');
            }
            input
        })
}

/// The header of the features as written.
fn header_of(features: &[Feature]) -> String {
    features
        .iter()
        .map(|f| format!("{}={}", f.header, f.allowlist.header()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The canonical header of valid features.
fn canonical(features: &[Feature]) -> String {
    features
        .iter()
        .map(|f| format!("{}={}", f.canonical.unwrap(), f.allowlist.canonical()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A generated valid input, its header, and the same header written otherwise.
#[derive(Debug, Clone)]
struct Generated {
    input: String,
    header: String,
    variant: String,
}

fn generated() -> impl Strategy<Value = Generated> {
    features(1..=8).prop_flat_map(|features| {
        let header = canonical(&features);
        let variant = variant(&features);
        (input(features), variant).prop_map(move |(input, variant)| Generated {
            input,
            header: header.clone(),
            variant,
        })
    })
}

/// Header text of the features as browsers also read it: origins as written, spaces wherever
/// the syntax allows them, and tabs too around `,` and at the ends.
fn variant(features: &[Feature]) -> impl Strategy<Value = String> + use<> {
    let spaces = || select(vec!["", " ", "\t", "  \t"]);
    let list_spaces = || select(vec!["", " ", "   "]);
    let gaps = || select(vec![" ", "  ", "   "]);
    let items: Vec<BoxedStrategy<String>> = features
        .iter()
        .map(|feature| {
            let members: Vec<String> = match &feature.allowlist {
                Allowlist::All => Vec::new(),
                Allowlist::List(members) => members.iter().map(|m| m.header.clone()).collect(),
            };
            let name = feature.canonical.unwrap();
            let all = matches!(feature.allowlist, Allowlist::All);
            (vec(gaps(), members.len()), list_spaces(), list_spaces())
                .prop_map(move |(gaps, open, close)| {
                    if all {
                        return format!("{name}=*");
                    }
                    let mut list = format!("{name}=({open}");
                    for (i, member) in members.iter().enumerate() {
                        if i > 0 {
                            list.push_str(gaps[i]);
                        }
                        list.push_str(member);
                    }
                    list + close + ")"
                })
                .boxed()
        })
        .collect();
    let count = items.len();
    (items, vec((spaces(), spaces()), count), spaces(), spaces()).prop_map(
        |(items, commas, lead, trail)| {
            let mut text = lead.to_owned();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    let (before, after) = commas[i];
                    text.push_str(&format!("{before},{after}"));
                }
                text.push_str(item);
            }
            text + trail
        },
    )
}

/// The header the expansion holds: it must be exactly
/// `::secure_http::__private::PermissionsPolicy::__from_static("...")`.
fn emitted(expansion: &TokenStream) -> Result<String, TestCaseError> {
    let call = |input: ParseStream| {
        input.parse::<syn::Token![::]>()?;
        let mut path = vec![input.parse::<proc_macro2::Ident>()?.to_string()];
        while input.peek(syn::Token![::]) {
            input.parse::<syn::Token![::]>()?;
            path.push(input.parse::<proc_macro2::Ident>()?.to_string());
        }
        let args;
        syn::parenthesized!(args in input);
        let header: LitStr = args.parse()?;
        Ok((path, header.value()))
    };
    let (path, header) = call
        .parse2(expansion.clone())
        .map_err(|e| TestCaseError::fail(format!("{e}: {expansion}")))?;
    prop_assert_eq!(
        path,
        [
            "secure_http",
            "__private",
            "PermissionsPolicy",
            "__from_static"
        ]
    );
    Ok(header)
}

/// What the macro and the runtime must report about an invalid policy.
#[derive(Debug, Clone)]
enum Expected {
    /// Exactly this error.
    Kind(PermissionsErrorKind),
    /// An unknown feature of this name (the suggestion is the core's).
    UnknownFeature(String),
    /// An invalid origin (the reason is the core's).
    InvalidOrigin,
}

impl Expected {
    fn matches(&self, kind: &PermissionsErrorKind) -> bool {
        match (self, kind) {
            (Expected::Kind(expected), kind) => expected == kind,
            (
                Expected::UnknownFeature(name),
                PermissionsErrorKind::UnknownFeature { name: n, .. },
            ) => n == name,
            (Expected::InvalidOrigin, PermissionsErrorKind::InvalidOrigin(_)) => true,
            _ => false,
        }
    }
}

/// An invalid input, what both must report, and the header saying the same thing (`None`
/// when header text cannot).
#[derive(Debug, Clone)]
struct Invalid {
    input: String,
    expected: Expected,
    header: Option<String>,
}

fn invalid_from(
    features: Vec<Feature>,
    expected: Expected,
    header_too: bool,
) -> impl Strategy<Value = Invalid> {
    let header = header_too.then(|| header_of(&features));
    input(features).prop_map(move |input| Invalid {
        input,
        expected: expected.clone(),
        header: header.clone(),
    })
}

/// Valid features and one of them again, anywhere after the first.
fn duplicate_feature() -> impl Strategy<Value = Invalid> {
    (features(1..=6), any::<Index>(), any::<Index>())
        .prop_flat_map(|(features, which, at)| {
            let name = features[which.index(features.len())].canonical.unwrap();
            (Just(features), feature(name), Just(at))
        })
        .prop_flat_map(|(mut features, again, at)| {
            let name = again.canonical.unwrap();
            let first = features
                .iter()
                .position(|f| f.canonical == Some(name))
                .unwrap();
            features.insert(first + 1 + at.index(features.len() - first), again);
            let kind = PermissionsErrorKind::DuplicateFeature(name.to_owned());
            invalid_from(features, Expected::Kind(kind), true)
        })
}

/// Whether both syntaxes read `text` whole as one name: identifiers joined by `-`.
fn is_word(text: &str) -> bool {
    text.split('-').all(|part| {
        part.starts_with(|c: char| c.is_ascii_alphabetic())
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// `name` with a typo: one letter left out, doubled, or swapped with the next.
fn typo(name: &'static str) -> impl Strategy<Value = String> {
    (0..3u8, any::<Index>()).prop_map(move |(edit, at)| {
        let mut chars: Vec<char> = name.chars().collect();
        let i = at.index(chars.len() - 1);
        match edit {
            0 => {
                chars.remove(i);
            }
            1 => chars.insert(i, chars[i]),
            _ => chars.swap(i, i + 1),
        }
        chars.into_iter().collect()
    })
}

/// Valid features and, anywhere among them, one browsers do not know: a typo of a known one
/// or any word.
fn unknown_feature() -> impl Strategy<Value = Invalid> {
    let name = prop_oneof![
        select(FEATURES).prop_flat_map(typo),
        "[a-zA-Z][a-zA-Z0-9_]{0,8}(-[a-zA-Z][a-zA-Z0-9_]{0,8}){0,2}",
    ]
    .prop_filter("an unknown feature in both syntaxes", |name| {
        is_word(name) && !FEATURES.contains(&name.to_ascii_lowercase().as_str())
    })
    .prop_flat_map(|name| (some_case(&name).prop_flat_map(word), allowlist()));
    (features(0..=5), name, any::<Index>()).prop_flat_map(
        |(mut features, ((written, text), allowlist), at)| {
            // Browsers ignore a header with an uppercase letter in a name: the runtime
            // parser's error is then another, tested by itself.
            let header_too = !text.bytes().any(|b| b.is_ascii_uppercase());
            let unknown = Feature {
                written,
                header: text.clone(),
                canonical: None,
                allowlist,
            };
            features.insert(at.index(features.len() + 1), unknown);
            invalid_from(features, Expected::UnknownFeature(text), header_too)
        },
    )
}

/// Valid features, one of whose lists has a bad member: a word that is not `self` or `src`
/// (`none` most often), `*`, or an origin that is not one.
fn bad_member() -> impl Strategy<Value = Invalid> {
    let word_member = prop_oneof![
        3 => some_case("none"),
        1 => select(vec!["all", "everyone", "origin", "selfie", "srcs", "self_", "any"])
            .prop_map(str::to_owned),
        1 => "[a-zA-Z][a-zA-Z0-9_]{0,6}(-[a-zA-Z][a-zA-Z0-9_]{0,6}){0,1}",
    ]
    .prop_filter("not `self` or `src`", |w| {
        is_word(w) && !["self", "src"].contains(&w.to_ascii_lowercase().as_str())
    })
    .prop_filter("not a raw-only keyword", |w| w != "Self")
    .prop_flat_map(word)
    .prop_map(|(written, text)| {
        let kind = PermissionsErrorKind::InvalidMember(text.clone());
        (
            Member {
                written,
                header: text.clone(),
                canonical: String::new(),
            },
            Expected::Kind(kind),
            true,
        )
    });
    let star = Just((
        Member {
            written: "*".into(),
            header: "*".into(),
            canonical: String::new(),
        },
        Expected::Kind(PermissionsErrorKind::WildcardInList),
        true,
    ));
    let bad_origin = bad_origin().prop_flat_map(|text| {
        // Header text holds visible ASCII only, and a string in it ends at the first `"`.
        let header_too =
            text.chars().all(|c| c.is_ascii_graphic() || c == ' ') && !text.contains('"');
        origin_member(Just(text))
            .prop_map(move |member| (member, Expected::InvalidOrigin, header_too))
    });
    (
        features(1..=5),
        prop_oneof![3 => word_member, 1 => star, 3 => bad_origin],
        any::<Index>(),
        vec(member(), 0..3),
        any::<Index>(),
    )
        .prop_flat_map(
            |(mut features, (bad, expected, header_too), which, others, at)| {
                let which = which.index(features.len());
                let feature = &mut features[which];
                let mut members = others;
                members.insert(at.index(members.len() + 1), bad);
                feature.allowlist = Allowlist::List(members);
                invalid_from(features, expected, header_too)
            },
        )
}

/// Text that is not an origin: a valid one broken in one of the ways origins break.
fn bad_origin() -> impl Strategy<Value = String> {
    let split = |origin: &str| {
        let (scheme, rest) = origin.split_once("://").unwrap();
        (scheme.to_owned(), rest.to_owned())
    };
    prop_oneof![
        // A path, query, fragment or trailing slash.
        (
            origin(),
            select(vec!["/", "/path", "/a/b", "?q=1", "#top", "/?"])
        )
            .prop_map(|(o, tail)| o + tail),
        // A user name.
        (origin(), select(vec!["user@", "user:pass@", "@"])).prop_map(move |(o, user)| {
            let (scheme, rest) = split(&o);
            format!("{scheme}://{user}{rest}")
        }),
        // No scheme, or a bad one.
        origin().prop_map(move |o| split(&o).1),
        (origin(), select(vec!["1https", "-a", "a_b", "", "h s"]))
            .prop_map(move |(o, scheme)| { format!("{scheme}://{}", split(&o).1) }),
        // The scheme's default port, or no port at all after `:`.
        (
            select(vec![
                ("https", 443),
                ("HTTPS", 443),
                ("http", 80),
                ("Http", 80)
            ]),
            domain()
        )
            .prop_map(|((scheme, port), host)| format!("{scheme}://{host}:{port}")),
        // Ports out of range, with leading zeros, or not numbers.
        (
            scheme(),
            domain(),
            select(vec![
                "0", "00", "0443", "65536", "99999", "123456", "", "8a", "-1", "+80"
            ])
        )
            .prop_map(|(scheme, host, port)| format!("{scheme}://{host}:{port}")),
        // `*.` before an address, which has no subdomains.
        (
            scheme(),
            prop_oneof![
                any::<Ipv4Addr>().prop_map(|ip| ip.to_string()),
                ipv6(),
                "[a-z]{1,5}\\.[0-9]{1,3}"
            ]
        )
            .prop_map(|(scheme, host)| format!("{scheme}://*.{host}")),
        // Empty labels, bad characters, no host.
        (
            scheme(),
            domain(),
            select(vec!["..", "_", " ", "!", "*", "\u{e9}", "\u{3b1}"]),
            any::<Index>()
        )
            .prop_map(|(scheme, host, bad, at)| {
                let mut at = at.index(host.len() + 1);
                while !host.is_char_boundary(at) {
                    at -= 1;
                }
                format!("{scheme}://{}{bad}{}", &host[..at], &host[at..])
            })
            .prop_filter("the character lands in the host", |o| {
                // `*` at the very start makes a valid wildcard; `..` or `.` at an end of the
                // host is an empty label either way.
                !o.split_once("://").unwrap().1.starts_with("*.")
            }),
        scheme().prop_map(|scheme| format!("{scheme}://")),
        scheme().prop_map(|scheme| format!("{scheme}://*.")),
        // Brackets around something other than an IPv6 address, or after it.
        (
            scheme(),
            select(vec![
                "[1.2.3.4]",
                "[::1]x",
                "[::1]:",
                "[example.com]",
                "[::g]",
                "[]"
            ])
        )
            .prop_map(|(scheme, host)| format!("{scheme}://{host}")),
        // Words that are members only bare.
        select(vec!["self", "src", "*", "none", "'none'", "'self'", ""]).prop_map(str::to_owned),
    ]
}

fn invalid() -> impl Strategy<Value = Invalid> {
    // Boxed: the nested strategies would not fit the test thread's stack unoptimised.
    prop_oneof![
        1 => duplicate_feature().boxed(),
        1 => unknown_feature().boxed(),
        3 => bad_member().boxed(),
    ]
}

proptest! {
    #![proptest_config(config(512))]

    /// Valid macro input makes the expected header without errors; the expansion holds that
    /// header; the runtime parser reads it back to the same policy, printed the same.
    #[test]
    fn macro_policies_are_what_the_runtime_parser_reads(generated in generated()) {
        let input = &generated.input;
        let policy = check(tokens(input)?).map_err(|errors| {
            TestCaseError::fail(format!(
                "permissions_policy! {{ {input} }} was rejected: {:?}",
                errors.messages()
            ))
        })?;
        prop_assert_eq!(policy.as_str(), generated.header.as_str(), "from permissions_policy! {{ {} }}", input);

        let emitted = emitted(&expand(&krate(), tokens(input)?))?;
        prop_assert_eq!(&emitted, &generated.header);
        let constructed = PermissionsPolicy::__from_static(Box::leak(emitted.into_boxed_str()));
        prop_assert_eq!(&constructed, &policy);

        let reparsed = generated.header.parse::<PermissionsPolicy>();
        prop_assert_eq!(reparsed.as_ref().map(PermissionsPolicy::as_str), Ok(generated.header.as_str()));
        prop_assert_eq!(reparsed, Ok(constructed));

        // Browsers read it as written, but for `src`, which only an iframe's `allow`
        // attribute reads.
        let analysis = analyze(&generated.header);
        let src = generated.header.split([' ', '(', ')', ',']).filter(|t| *t == "src").count();
        prop_assert!(
            analysis.findings().iter().all(|f| matches!(f.kind(), PermissionsFindingKind::SrcInHeader)),
            "{:?}: {:?}", generated.header, analysis.findings()
        );
        prop_assert_eq!(analysis.findings().len(), src);
        if src == 0 {
            prop_assert_eq!(analysis.policy(), Some(&policy));
        }
    }

    /// The same header written otherwise (case, spaces, tabs) reads as the policy the macro
    /// makes, and prints as the macro's header.
    #[test]
    fn header_variants_read_as_the_macro_policy(generated in generated()) {
        let policy = check(tokens(&generated.input)?).map_err(|errors| {
            TestCaseError::fail(format!("rejected: {:?}", errors.messages()))
        })?;
        let read = generated.variant.parse::<PermissionsPolicy>();
        prop_assert_eq!(read.as_ref().map(PermissionsPolicy::as_str), Ok(generated.header.as_str()), "from {:?}", generated.variant);
        prop_assert_eq!(read, Ok(policy));
    }

    /// Invalid macro input is refused with one error, and the expansion is that error; the
    /// header saying the same is refused by the runtime parser with the same error.
    #[test]
    fn macro_and_runtime_refuse_the_same(invalid in invalid()) {
        let input = &invalid.input;
        let Err(errors) = check(tokens(input)?) else {
            return Err(TestCaseError::fail(format!("permissions_policy! {{ {input} }} was accepted")));
        };
        let messages = errors.messages();
        prop_assert_eq!(messages.len(), 1, "permissions_policy! {{ {} }}: {:?}", input, messages);
        let expansion = expand(&krate(), tokens(input)?).to_string();
        prop_assert_eq!(expansion.matches("compile_error").count(), 1, "{}", expansion);

        match &invalid.header {
            Some(header) => {
                let error = header.parse::<PermissionsPolicy>().map_err(|e| e.kind().clone());
                let Err(kind) = error else {
                    return Err(TestCaseError::fail(format!("{header:?} was accepted")));
                };
                prop_assert!(invalid.expected.matches(&kind), "{:?}: {:?}, not {:?}", header, kind, invalid.expected);
                prop_assert_eq!(&messages[0], &kind.message(Syntax::Macro), "permissions_policy! {{ {} }}", input);
            }
            None => match &invalid.expected {
                Expected::Kind(kind) => prop_assert_eq!(&messages[0], &kind.message(Syntax::Macro)),
                Expected::UnknownFeature(name) => {
                    let start = format!("unknown feature `{name}`");
                    prop_assert!(messages[0].starts_with(&start), "{:?}", messages);
                }
                Expected::InvalidOrigin => {
                    prop_assert!(messages[0].starts_with("invalid origin `"), "{:?}", messages);
                }
            },
        }
    }
}

/// Nothing at all is no policy, in either syntax.
#[test]
fn an_empty_policy_is_refused_by_both() {
    let messages = check(TokenStream::new()).unwrap_err().messages();
    let kind = PermissionsErrorKind::Empty;
    assert_eq!(messages, [kind.message(Syntax::Macro)]);
    for header in ["", " ", "\t "] {
        assert_eq!(
            header.parse::<PermissionsPolicy>().unwrap_err().kind(),
            &kind
        );
    }
}

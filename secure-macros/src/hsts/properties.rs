//! Property tests of `hsts!`: settings generated in the macro's syntax go through
//! [`check`](super::check) without errors, make the header text expected of them, expand to
//! the constructor call of that very value, and the runtime parser reads the text back to the
//! same value and prints it identically. Invalid settings are refused by the macro and, where
//! the header can say the same thing, by the runtime parser with the same error, except what
//! browsers read: an unknown directive (skipped) and a `max-age` beyond `u32` (clamped). The
//! macro refuses those as an author's mistakes; the runtime parser reads them as browsers do,
//! and `analyze` reports them.
//!
//! The expected header and error are computed beside the input: the units, the macro's
//! defaults and the preload rules are written out again here.

use super::{check, expand};
use crate::test_support::{config, krate, tokens};
use proc_macro2::{Ident, TokenStream};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use secure_core::hsts::{Directive, HstsErrorKind, HstsFindingKind, analyze};
use secure_core::{StrictTransportSecurity, Syntax};
use syn::parse::{ParseStream, Parser};
use syn::{LitBool, LitInt, Token};

const YEAR: u64 = 365 * 24 * 60 * 60;
const MAX: u64 = u32::MAX as u64;

/// The units of `max-age`, with their seconds; `""` is a plain number of seconds.
const UNITS: [(&str, u64); 7] = [
    ("", 1),
    ("s", 1),
    ("min", 60),
    ("h", 60 * 60),
    ("d", 24 * 60 * 60),
    ("w", 7 * 24 * 60 * 60),
    ("y", YEAR),
];

/// What the macro appends to a preload problem when `preload` was not written.
const PRELOAD_BY_DEFAULT: &str = " (`preload` is on by default)";

/// How a flag (`include-subdomains`, `preload`) is written: not at all (on by default),
/// bare, or with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    Absent,
    Bare,
    Value(bool),
}

impl Flag {
    fn is_on(self) -> bool {
        !matches!(self, Flag::Value(false))
    }
}

/// A written `max-age`: its number and unit, and how the number is spelled.
#[derive(Debug, Clone)]
struct MaxAge {
    /// The number, which may be larger than any integer type (then the literal is long).
    number: u128,
    unit: &'static str,
    written: String,
}

impl MaxAge {
    fn seconds(&self) -> u128 {
        let per_unit = UNITS.iter().find(|(u, _)| *u == self.unit).unwrap().1;
        self.number * u128::from(per_unit)
    }
}

/// A generated `hsts!` input: which settings are written, and how.
#[derive(Debug, Clone)]
struct Settings {
    max_age: Option<MaxAge>,
    include_subdomains: Flag,
    preload: Flag,
}

impl Settings {
    fn seconds(&self) -> u128 {
        self.max_age
            .as_ref()
            .map_or(u128::from(YEAR), MaxAge::seconds)
    }

    /// The header, with the macro's defaults: a year, subdomains, preload.
    fn header(&self) -> String {
        let mut header = format!("max-age={}", self.seconds());
        if self.include_subdomains.is_on() {
            header.push_str("; includeSubDomains");
        }
        if self.preload.is_on() {
            header.push_str("; preload");
        }
        header
    }
}

/// Mostly as is, sometimes as a raw identifier (`r#preload`), which the macro reads the same.
fn key(name: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![5 => Just(name.to_owned()), 1 => Just(format!("r#{name}"))]
}

/// `number` as a Rust integer literal: decimal, with `_` between digits, or (when the unit
/// cannot be mistaken for a digit) hexadecimal, octal or binary.
fn number_literal(number: u128, unit: &'static str) -> impl Strategy<Value = String> {
    let decimal = number.to_string();
    let grouped = {
        let digits: Vec<char> = decimal.chars().collect();
        let mut text = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                text.push('_');
            }
            text.push(*c);
        }
        text
    };
    // After hexadecimal digits, `d` would be one more digit.
    let radix = if unit == "d" {
        vec![decimal.clone()]
    } else {
        vec![
            format!("{number:#x}"),
            format!("{number:#X}").replacen("0X", "0x", 1),
            format!("{number:#o}"),
            format!("{number:#b}"),
        ]
    };
    prop_oneof![
        4 => Just(decimal),
        2 => Just(grouped),
        1 => select(radix),
    ]
}

/// A `max-age` of `minimum..=maximum` seconds, in any unit that can say it; numbers near
/// the bounds come often.
fn max_age(minimum: u64, maximum: u64) -> impl Strategy<Value = MaxAge> {
    select(UNITS.to_vec())
        .prop_filter("a unit that can say the range", move |(_, per)| {
            minimum.div_ceil(*per) <= maximum / per
        })
        .prop_flat_map(move |(unit, per)| {
            let (low, high) = (minimum.div_ceil(per), maximum / per);
            prop_oneof![
                2 => Just(low),
                2 => Just(high),
                3 => low..=high.min(low.saturating_add(30)),
                3 => low..=high,
            ]
            .prop_flat_map(move |number| {
                number_literal(u128::from(number), unit).prop_map(move |digits| MaxAge {
                    number: u128::from(number),
                    unit,
                    written: format!("{digits}{unit}"),
                })
            })
        })
}

/// A flag that is on, written any way that says so.
fn on() -> impl Strategy<Value = Flag> {
    select(vec![Flag::Absent, Flag::Bare, Flag::Value(true)])
}

/// Any flag.
fn any_flag() -> impl Strategy<Value = Flag> {
    select(vec![
        Flag::Absent,
        Flag::Bare,
        Flag::Value(true),
        Flag::Value(false),
    ])
}

/// Settings the preload rules accept: with `preload` on, subdomains on and a year or more;
/// with it off, anything.
fn valid_settings() -> impl Strategy<Value = Settings> {
    let preloaded = (proptest::option::of(max_age(YEAR, MAX)), on(), on());
    let not_preloaded = (proptest::option::of(max_age(0, MAX)), any_flag());
    prop_oneof![
        preloaded.prop_map(|(max_age, include_subdomains, preload)| Settings {
            max_age,
            include_subdomains,
            preload,
        }),
        not_preloaded.prop_map(|(max_age, include_subdomains)| Settings {
            max_age,
            include_subdomains,
            preload: Flag::Value(false),
        }),
    ]
}

/// One item of the macro input, and the directive that says the same in the header.
#[derive(Debug, Clone)]
struct Item {
    written: String,
    directive: Option<Directive>,
    /// The directive in the header; a flag set to `false` still names the directive.
    header: String,
}

/// The item of the macro input for a directive, or `None` when it is not written.
fn item(directive: Directive, settings: &Settings) -> Option<BoxedStrategy<Item>> {
    let flag = |name: &'static str, header: &'static str, flag: Flag| {
        match flag {
            Flag::Absent => None,
            Flag::Bare => Some(key(name).boxed()),
            Flag::Value(value) => Some(
                (key(name), select(vec![": ", " : ", ":"]))
                    .prop_map(move |(key, colon)| format!("{key}{colon}{value}"))
                    .boxed(),
            ),
        }
        .map(|written| {
            written
                .prop_map(move |written| Item {
                    written,
                    directive: Some(directive),
                    header: header.to_owned(),
                })
                .boxed()
        })
    };
    match directive {
        Directive::MaxAge => settings.max_age.as_ref().map(|max_age| {
            let written = max_age.written.clone();
            let header = format!("max-age={}", max_age.seconds());
            key("max-age")
                .prop_map(move |key| Item {
                    written: format!("{key}: {written}"),
                    directive: Some(directive),
                    header: header.clone(),
                })
                .boxed()
        }),
        Directive::IncludeSubdomains => flag(
            "include-subdomains",
            "includeSubDomains",
            settings.include_subdomains,
        ),
        Directive::Preload => flag("preload", "preload", settings.preload),
    }
}

const DIRECTIVES: [Directive; 3] = [
    Directive::MaxAge,
    Directive::IncludeSubdomains,
    Directive::Preload,
];

/// The items written for `settings`, in random order.
fn items(settings: &Settings) -> impl Strategy<Value = Vec<Item>> + use<> {
    DIRECTIVES
        .iter()
        .filter_map(|d| item(*d, settings))
        .collect::<Vec<_>>()
        .prop_shuffle()
}

/// Items joined by commas, with a trailing one sometimes.
fn joined(items: Vec<Item>) -> impl Strategy<Value = String> {
    let count = items.len();
    (
        proptest::collection::vec(select(vec![", ", ",\n    ", " ,"]), count),
        any::<bool>(),
    )
        .prop_map(move |(separators, trailing)| {
            let mut input = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    input.push_str(separators[i]);
                }
                input.push_str(&item.written);
            }
            if trailing && !input.is_empty() {
                input.push(',');
            }
            input
        })
}

/// The header of the items as written, in their order.
fn header_of(items: &[Item]) -> String {
    items
        .iter()
        .map(|item| item.header.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A generated valid `hsts!` input, its header, and the same header written otherwise.
#[derive(Debug, Clone)]
struct Generated {
    input: String,
    header: String,
    variant: String,
}

fn generated() -> impl Strategy<Value = Generated> {
    valid_settings().prop_flat_map(|settings| {
        let header = settings.header();
        (items(&settings).prop_flat_map(joined), variant(&settings)).prop_map(
            move |(input, variant)| Generated {
                input,
                header: header.clone(),
                variant,
            },
        )
    })
}

/// `word` with each letter in random case.
fn any_case(word: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<bool>(), word.len()).prop_map(move |upper| {
        word.chars()
            .zip(upper)
            .map(|(c, up)| {
                if up {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

/// Header text of the settings as browsers also read it: names in any case, directives in
/// any order, spaces and empty directives between them, `max-age` quoted or with leading
/// zeros.
fn variant(settings: &Settings) -> impl Strategy<Value = String> + use<> {
    let spaces = || select(vec!["", " ", "\t", "  "]);
    let max_age = (
        any_case("max-age"),
        spaces(),
        spaces(),
        "0{0,3}",
        any::<bool>(),
    )
        .prop_map({
            let seconds = settings.seconds();
            move |(name, before, after, zeros, quoted)| {
                let value = format!("{zeros}{seconds}");
                let value = if quoted {
                    format!("\"{value}\"")
                } else {
                    value
                };
                format!("{name}{before}={after}{value}")
            }
        })
        .boxed();
    let mut directives = vec![max_age];
    if settings.include_subdomains.is_on() {
        directives.push(any_case("includeSubDomains").boxed());
    }
    if settings.preload.is_on() {
        directives.push(any_case("preload").boxed());
    }
    let count = directives.len();
    (
        directives.prop_shuffle(),
        proptest::collection::vec(select(vec![";", "; ", " ;", ";\t", ";;", "; ; "]), count),
        select(vec!["", " ", ";", " ; "]),
        select(vec!["", " ", ";", "; "]),
    )
        .prop_map(|(directives, separators, lead, trail)| {
            let mut text = lead.to_owned();
            for (i, directive) in directives.iter().enumerate() {
                if i > 0 {
                    text.push_str(separators[i]);
                }
                text.push_str(directive);
            }
            text + trail
        })
}

/// What the macro must report, in order.
#[derive(Debug, Clone)]
enum Expected {
    Messages(Vec<String>),
    /// One error of the macro's own (unknown keys, malformed values), starting so.
    StartsWith(String),
}

/// What the runtime parser makes of the header saying what an invalid macro input says.
#[derive(Debug, Clone)]
enum Runtime {
    /// It refuses the header with this error.
    Refuses(HstsErrorKind),
    /// It reads the header as browsers do, as this value, and `analyze` reports this finding
    /// (for an unknown directive, only its name is compared: the suggestions differ).
    Reads(StrictTransportSecurity, HstsFindingKind),
}

/// An invalid `hsts!` input, what the macro must report, and the header text saying the same
/// thing with what the runtime parser must make of it.
#[derive(Debug, Clone)]
struct Invalid {
    input: String,
    expected: Expected,
    header: Option<(String, Runtime)>,
}

/// The preload rules broken: a `preload` (written or by default) with less than a year, or
/// without subdomains.
fn preload_refused() -> impl Strategy<Value = Invalid> {
    let too_short = (max_age(0, YEAR - 1), on(), on())
        .prop_map(|(max_age, sub, pre)| (Some(max_age), sub, pre));
    let without_subdomains = (proptest::option::of(max_age(0, MAX)), on())
        .prop_map(|(max_age, pre)| (max_age, Flag::Value(false), pre));
    prop_oneof![too_short, without_subdomains].prop_flat_map(
        |(max_age, include_subdomains, preload)| {
            let settings = Settings {
                max_age,
                include_subdomains,
                preload,
            };
            let seconds = u32::try_from(settings.seconds()).unwrap();
            let mut kinds = Vec::new();
            if !include_subdomains.is_on() {
                kinds.push(HstsErrorKind::PreloadWithoutSubdomains);
            }
            if u64::from(seconds) < YEAR {
                kinds.push(HstsErrorKind::PreloadTooShort { max_age: seconds });
            }
            let suffix = if preload == Flag::Absent {
                PRELOAD_BY_DEFAULT
            } else {
                ""
            };
            let messages: Vec<String> = kinds
                .iter()
                .map(|k| k.message(Syntax::Macro) + suffix)
                .collect();
            let header = (settings.header(), Runtime::Refuses(kinds[0].clone()));
            items(&settings)
                .prop_flat_map(joined)
                .prop_map(move |input| Invalid {
                    input,
                    expected: Expected::Messages(messages.clone()),
                    header: Some(header.clone()),
                })
        },
    )
}

/// Valid settings with one written directive written again, anywhere after the first.
fn duplicate() -> impl Strategy<Value = Invalid> {
    let again = Settings {
        max_age: Some(MaxAge {
            number: 2,
            unit: "y",
            written: "2y".into(),
        }),
        include_subdomains: Flag::Value(true),
        preload: Flag::Bare,
    };
    (valid_settings(), select(DIRECTIVES.to_vec()))
        .prop_filter("the directive is written", |(settings, directive)| {
            item(*directive, settings).is_some()
        })
        .prop_flat_map(move |(settings, directive)| {
            (
                items(&settings),
                item(directive, &again).unwrap(),
                any::<Index>(),
            )
        })
        .prop_flat_map(|(mut items, repeat, at)| {
            let directive = repeat.directive.unwrap();
            let first = items
                .iter()
                .position(|i| i.directive == Some(directive))
                .unwrap();
            items.insert(first + 1 + at.index(items.len() - first), repeat);
            let kind = HstsErrorKind::DuplicateDirective(directive);
            let messages = vec![kind.message(Syntax::Macro)];
            let header = (header_of(&items), Runtime::Refuses(kind));
            joined(items).prop_map(move |input| Invalid {
                input,
                expected: Expected::Messages(messages.clone()),
                header: Some(header.clone()),
            })
        })
}

/// Valid settings but for a `max-age` over `u32::MAX` seconds, even over `u64::MAX`. The
/// header is read with `u32::MAX` seconds.
fn too_large() -> impl Strategy<Value = Invalid> {
    (
        valid_settings(),
        select(UNITS.to_vec()),
        prop_oneof![
            Just(0u128),
            0u128..1000,
            0u128..=u128::from(u64::MAX),
            Just(u128::from(u64::MAX)),
        ],
    )
        .prop_flat_map(|(settings, (unit, per), above)| {
            let number = u128::from(MAX / per) + 1 + above;
            number_literal(number, unit).prop_flat_map(move |digits| {
                let settings = Settings {
                    max_age: Some(MaxAge {
                        number,
                        unit,
                        written: format!("{digits}{unit}"),
                    }),
                    ..settings.clone()
                };
                let kind = HstsErrorKind::MaxAgeTooLarge;
                let read = StrictTransportSecurity::new(
                    u32::MAX,
                    settings.include_subdomains.is_on(),
                    settings.preload.is_on(),
                )
                .expect("valid settings stay valid with more seconds");
                let header = (
                    settings.header(),
                    Runtime::Reads(read, HstsFindingKind::MaxAgeClamped),
                );
                let messages = vec![kind.message(Syntax::Macro)];
                items(&settings)
                    .prop_flat_map(joined)
                    .prop_map(move |input| Invalid {
                        input,
                        expected: Expected::Messages(messages.clone()),
                        header: Some(header.clone()),
                    })
            })
        })
}

/// Valid settings but for a `max-age` with a unit the macro does not know. Header text has no
/// units, so there is no header to compare.
fn unknown_unit() -> impl Strategy<Value = Invalid> {
    (
        valid_settings(),
        1u64..100_000,
        // Not `e`, which would make a float.
        "[a-df-z][a-z0-9_]{0,4}|u32|u64|i32|usize|sec|secs|mins|m|hr|hrs|days|yr|ms|Y|D|S",
    )
        .prop_filter("not a unit", |(_, _, unit)| {
            !UNITS.iter().any(|(u, _)| u == unit) && !["f32", "f64"].contains(&unit.as_str())
        })
        .prop_flat_map(|(settings, number, unit)| {
            let kind = HstsErrorKind::UnknownUnit(unit.clone());
            let settings = Settings {
                max_age: Some(MaxAge {
                    number: u128::from(number),
                    unit: "",
                    written: format!("{number}{unit}"),
                }),
                ..settings
            };
            let messages = vec![kind.message(Syntax::Macro)];
            items(&settings)
                .prop_flat_map(joined)
                .prop_map(move |input| Invalid {
                    input,
                    expected: Expected::Messages(messages.clone()),
                    header: None,
                })
        })
}

/// Valid settings and, anywhere among them, a directive neither syntax knows, spelled the
/// same in both. The header is read as the settings without it.
fn unknown_directive() -> impl Strategy<Value = Invalid> {
    let names = [
        "max-age",
        "include-subdomains",
        "preload",
        "includesubdomains",
    ];
    let name = prop_oneof![
        "[a-z][a-z0-9_]{0,8}(-[a-z][a-z0-9_]{0,8}){0,2}",
        select(names.to_vec()).prop_flat_map(typo),
    ]
    .prop_filter("a name in both syntaxes, not a directive", move |n| {
        is_word(n) && !names.contains(&n.as_str())
    });
    (valid_settings(), name)
        .prop_flat_map(|(settings, name)| {
            (
                items(&settings),
                Just(settings),
                Just(name),
                any::<Index>(),
                any::<Index>(),
            )
        })
        .prop_flat_map(|(mut items, settings, name, at, at_in_header)| {
            let unknown = Item {
                written: name.clone(),
                directive: None,
                header: name.clone(),
            };
            items.insert(at.index(items.len() + 1), unknown);
            // The header of the settings (a flag set to `false` is left out), with the name
            // among its directives.
            let read = StrictTransportSecurity::new(
                u32::try_from(settings.seconds()).unwrap(),
                settings.include_subdomains.is_on(),
                settings.preload.is_on(),
            )
            .expect("valid settings");
            let mut directives: Vec<String> =
                settings.header().split("; ").map(str::to_owned).collect();
            directives.insert(at_in_header.index(directives.len() + 1), name.clone());
            let finding = HstsFindingKind::UnknownDirective {
                name: name.clone(),
                suggestion: None,
            };
            let header = (directives.join("; "), Runtime::Reads(read, finding));
            let expected = Expected::StartsWith(format!("unknown key `{name}`;"));
            joined(items).prop_map(move |input| Invalid {
                input,
                expected: expected.clone(),
                header: Some(header.clone()),
            })
        })
}

/// Valid settings but for a value neither syntax reads: a negative or fractional `max-age`,
/// a flag set to something other than a boolean. The macro's message is its own, about its
/// syntax.
fn malformed_value() -> impl Strategy<Value = Invalid> {
    let max_age = prop_oneof![
        (0u32..100_000, select(UNITS.to_vec())).prop_map(|(n, (unit, _))| format!("-{n}{unit}")),
        (0u32..1000, 1u32..100).prop_map(|(n, f)| format!("{n}.{f}")),
    ]
    .prop_map(|value| Item {
        written: format!("max-age: {value}"),
        directive: Some(Directive::MaxAge),
        header: format!("max-age={value}"),
    });
    let flag = (
        select(vec![
            (
                "include-subdomains",
                "includeSubDomains",
                Directive::IncludeSubdomains,
            ),
            ("preload", "preload", Directive::Preload),
        ]),
        select(vec!["1", "0", "yes", "\"true\"", "on"]),
    )
        .prop_map(|((name, header, directive), value)| Item {
            written: format!("{name}: {value}"),
            directive: Some(directive),
            header: format!("{header}={}", value.trim_matches('"')),
        });
    (valid_settings(), prop_oneof![max_age, flag])
        .prop_flat_map(|(settings, bad)| {
            let directive = bad.directive.unwrap();
            // The settings without the directive the bad item stands for.
            let settings = Settings {
                max_age: settings.max_age.filter(|_| directive != Directive::MaxAge),
                include_subdomains: match directive {
                    Directive::IncludeSubdomains => Flag::Absent,
                    _ => settings.include_subdomains,
                },
                preload: match directive {
                    Directive::Preload => Flag::Absent,
                    _ => settings.preload,
                },
            };
            (items(&settings), Just(bad), any::<Index>())
        })
        .prop_flat_map(|(mut items, bad, at)| {
            let (expected, kind) = match bad.directive.unwrap() {
                Directive::MaxAge => {
                    let value = bad.header["max-age=".len()..].to_owned();
                    let kind = HstsErrorKind::InvalidMaxAge(value.clone());
                    // A negative number is the runtime's error; a fraction, the macro's own.
                    let expected = if value.starts_with('-') {
                        Expected::Messages(vec![kind.message(Syntax::Macro)])
                    } else {
                        Expected::StartsWith("expected seconds or a duration".to_owned())
                    };
                    (expected, kind)
                }
                directive => {
                    let name = bad.written.split(':').next().unwrap().to_owned();
                    (
                        Expected::StartsWith(format!("expected `true` or `false` after `{name}:`")),
                        HstsErrorKind::UnexpectedValue(directive),
                    )
                }
            };
            items.insert(at.index(items.len() + 1), bad);
            let header = (header_of(&items), Runtime::Refuses(kind));
            joined(items).prop_map(move |input| Invalid {
                input,
                expected: expected.clone(),
                header: Some(header.clone()),
            })
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

/// Whether `text` is a word both syntaxes read whole: lowercase identifiers joined by `-`.
fn is_word(text: &str) -> bool {
    text.split('-').all(|part| {
        part.starts_with(|c: char| c.is_ascii_lowercase())
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    })
}

fn invalid() -> impl Strategy<Value = Invalid> {
    // Boxed: the nested strategies would not fit the test thread's stack unoptimised.
    prop_oneof![
        3 => preload_refused().boxed(),
        2 => duplicate().boxed(),
        1 => too_large().boxed(),
        1 => unknown_unit().boxed(),
        1 => unknown_directive().boxed(),
        1 => malformed_value().boxed(),
    ]
}

/// What the expansion constructs. It must be exactly
/// `::secure_http::__private::StrictTransportSecurity::__new_unchecked(N, B, B)`, which is
/// evaluated here with the same constructor.
fn constructed(expansion: &TokenStream) -> Result<StrictTransportSecurity, TestCaseError> {
    let call = |input: ParseStream| {
        input.parse::<Token![::]>()?;
        let mut path = vec![input.parse::<Ident>()?.to_string()];
        while input.peek(Token![::]) {
            input.parse::<Token![::]>()?;
            path.push(input.parse::<Ident>()?.to_string());
        }
        let args;
        syn::parenthesized!(args in input);
        let max_age: LitInt = args.parse()?;
        args.parse::<Token![,]>()?;
        let include_subdomains: LitBool = args.parse()?;
        args.parse::<Token![,]>()?;
        let preload: LitBool = args.parse()?;
        Ok((path, max_age, include_subdomains.value, preload.value))
    };
    let (path, max_age, include_subdomains, preload) = call
        .parse2(expansion.clone())
        .map_err(|e| TestCaseError::fail(format!("{e}: {expansion}")))?;
    prop_assert_eq!(
        path,
        [
            "secure_http",
            "__private",
            "StrictTransportSecurity",
            "__new_unchecked"
        ]
    );
    prop_assert_eq!(max_age.suffix(), "u32");
    let max_age = max_age
        .base10_parse::<u32>()
        .map_err(|e| TestCaseError::fail(format!("{e}: {expansion}")))?;
    Ok(StrictTransportSecurity::__new_unchecked(
        max_age,
        include_subdomains,
        preload,
    ))
}

proptest! {
    #![proptest_config(config(512))]

    /// Valid macro input makes the expected header without errors; the expansion constructs
    /// that value; the runtime parser reads its header back to the same value, printed the
    /// same; and the checked constructor agrees with the unchecked one the macro emits.
    #[test]
    fn macro_settings_are_what_the_runtime_parser_reads(generated in generated()) {
        let input = &generated.input;
        let value = check(tokens(input)?).map_err(|errors| {
            TestCaseError::fail(format!("hsts! {{ {input} }} was rejected: {:?}", errors.messages()))
        })?;
        let text = value.to_string();
        prop_assert_eq!(&text, &generated.header, "from hsts! {{ {} }}", input);

        let expansion = expand(&krate(), tokens(input)?);
        let constructed = constructed(&expansion)?;
        prop_assert_eq!(constructed, value);
        prop_assert_eq!(
            StrictTransportSecurity::new(value.max_age(), value.include_subdomains(), value.preload()),
            Ok(value)
        );

        let reparsed = text.parse::<StrictTransportSecurity>();
        prop_assert_eq!(reparsed.as_ref().map(ToString::to_string), Ok(text.clone()));
        prop_assert_eq!(reparsed, Ok(constructed));
    }

    /// The same header written otherwise (case, order, spaces, quotes) reads as the value
    /// the macro makes, and prints as the macro's header.
    #[test]
    fn header_variants_read_as_the_macro_value(generated in generated()) {
        let value = check(tokens(&generated.input)?).map_err(|errors| {
            TestCaseError::fail(format!("rejected: {:?}", errors.messages()))
        })?;
        let read = generated.variant.parse::<StrictTransportSecurity>();
        prop_assert_eq!(read, Ok(value), "from {:?}", generated.variant);
        prop_assert_eq!(value.to_string(), generated.header);
    }

    /// Invalid macro input is refused with the errors expected, and the expansion is those
    /// errors. The header saying the same is refused by the runtime parser with the same
    /// error, or, where browsers read it, read as they do, with `analyze` reporting what the
    /// macro refused.
    #[test]
    fn macro_refuses_and_the_runtime_refuses_or_reads_as_browsers(invalid in invalid()) {
        let input = &invalid.input;
        let Err(errors) = check(tokens(input)?) else {
            return Err(TestCaseError::fail(format!("hsts! {{ {input} }} was accepted")));
        };
        let messages = errors.messages();
        match &invalid.expected {
            Expected::Messages(expected) => {
                prop_assert_eq!(&messages, expected, "from hsts! {{ {} }}", input);
            }
            Expected::StartsWith(start) => {
                prop_assert!(
                    messages.len() == 1 && messages[0].starts_with(start),
                    "hsts! {{ {} }}: {:?}", input, messages
                );
            }
        }
        let expansion = expand(&krate(), tokens(input)?).to_string();
        prop_assert!(expansion.contains("compile_error"), "{}", expansion);
        prop_assert_eq!(expansion.matches("compile_error").count(), messages.len());

        let read = invalid.header.as_ref().map(|(header, runtime)| {
            let parsed = header.parse::<StrictTransportSecurity>();
            (header, runtime, parsed.map_err(|e| e.kind().clone()), analyze(header))
        });
        match read {
            None => {}
            Some((header, Runtime::Refuses(kind), parsed, _)) => {
                prop_assert_eq!(&parsed, &Err(kind.clone()), "from {:?}", header);
                if let Expected::Messages(messages) = &invalid.expected {
                    // The macro's first error is the runtime's, spelled for the macro.
                    prop_assert!(messages[0].starts_with(&kind.message(Syntax::Macro)));
                }
            }
            Some((header, Runtime::Reads(value, finding), parsed, analysis)) => {
                prop_assert_eq!(parsed, Ok(*value), "from {:?}", header);
                prop_assert_eq!(analysis.policy(), Some(*value), "from {:?}", header);
                let found: Vec<&HstsFindingKind> =
                    analysis.findings().iter().map(|f| f.kind()).collect();
                let matches = match (finding, found.as_slice()) {
                    // The suggestions differ, as the names do: `include-subdomains` in the
                    // macro.
                    (
                        HstsFindingKind::UnknownDirective { name, .. },
                        [HstsFindingKind::UnknownDirective { name: found, .. }],
                    ) => found == name,
                    (finding, [found]) => finding == *found,
                    _ => false,
                };
                prop_assert!(matches, "{:?}: {:?}, not {:?}", header, found, finding);
            }
        }
    }
}

/// Found by `macro_and_runtime_refuse_the_same`: `syn` reads `-24594` as one negative
/// literal, which `u64` cannot hold, and the macro called it too large; the runtime parser
/// calls `max-age=-24594` an invalid value, and now so does the macro.
#[test]
fn a_negative_max_age_is_invalid_not_too_large() {
    for (input, value) in [
        (
            "max-age: -24594, include-subdomains: true, preload",
            "-24594",
        ),
        ("max-age: -0, preload: false", "-0"),
        ("max-age: -1y", "-1y"),
    ] {
        let kind = HstsErrorKind::InvalidMaxAge(value.to_owned());
        let messages = check(input.parse().unwrap()).unwrap_err().messages();
        assert_eq!(
            messages,
            [kind.message(Syntax::Macro)],
            "hsts! {{ {input} }}"
        );
    }
    let header = "max-age=-24594; includeSubDomains; preload";
    let error = header.parse::<StrictTransportSecurity>().unwrap_err();
    assert_eq!(error.kind(), &HstsErrorKind::InvalidMaxAge("-24594".into()));
}

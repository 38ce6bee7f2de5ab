//! Property tests of the macro pipeline: policies generated in `csp!` syntax go through
//! [`parse::parse`](super::parse::parse) and [`validate`](super::validate) without errors, make
//! the header text expected of them, and the runtime parser reads that text back to the very
//! same policy ("whatever the macro emits, the runtime parser accepts and prints back
//! identically").
//!
//! Each generated value carries how it is written in the macro and its canonical header text,
//! so the expected header is computed beside the input, not by the code under test. Which
//! keywords, nonces and hashes each directive accepts is written out again in [`Scope`].
//!
//! The string form, `csp!("...")`, is held to the runtime parser itself: header text, valid
//! or broken by random edits, makes the same policy and constants, or fails with the runtime
//! parser's first error.

use super::{expand, lints, parse, validate};
use crate::errors::Errors;
use crate::test_support::{config, krate, tokens};
use proc_macro2::{TokenStream, TokenTree};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use secure_core::csp::parse::parse_header;
use secure_core::csp::{
    ContentSecurityPolicy, CspErrorKind, DirectiveName, HashAlgorithm, Keyword, SANDBOX_FLAGS,
    Syntax, ValueGrammar, presets,
};

/// The groups of source-list directives that accept the same keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Default,
    Script,
    ScriptPart,
    Style,
    Connect,
    Other,
}

fn scope(directive: DirectiveName) -> Scope {
    use DirectiveName as D;
    match directive {
        D::DefaultSrc => Scope::Default,
        D::ScriptSrc => Scope::Script,
        D::ScriptSrcElem | D::ScriptSrcAttr => Scope::ScriptPart,
        D::StyleSrc | D::StyleSrcElem | D::StyleSrcAttr => Scope::Style,
        D::ConnectSrc => Scope::Connect,
        // `frame-ancestors` accepts what the others do: `'self'`, hosts and schemes.
        D::FrameAncestors
        | D::ChildSrc
        | D::FontSrc
        | D::FrameSrc
        | D::ImgSrc
        | D::ManifestSrc
        | D::MediaSrc
        | D::ObjectSrc
        | D::WorkerSrc
        | D::FencedFrameSrc
        | D::BaseUri
        | D::FormAction => Scope::Other,
        other => panic!("`{other}` is new: say in csp/properties.rs which sources it accepts"),
    }
}

/// The keywords a source list of `scope` accepts, but `'none'` and `'strict-dynamic'`, which
/// have rules of their own.
fn keywords(scope: Scope) -> Vec<Keyword> {
    use Keyword as K;
    let mut keywords = vec![K::SelfOrigin];
    if matches!(
        scope,
        Scope::Default | Scope::Script | Scope::ScriptPart | Scope::Style
    ) {
        keywords.extend([K::UnsafeInline, K::UnsafeHashes, K::ReportSample]);
    }
    if matches!(scope, Scope::Default | Scope::Script) {
        keywords.extend([K::WasmUnsafeEval, K::TrustedTypesEval]);
    }
    if matches!(scope, Scope::Default | Scope::Script | Scope::ScriptPart) {
        keywords.push(K::UnsafeEval);
    }
    if matches!(scope, Scope::Default | Scope::Script | Scope::ScriptPart) {
        keywords.extend([
            K::ReportSha256,
            K::ReportSha384,
            K::ReportSha512,
            K::InlineSpeculationRules,
        ]);
    }
    if matches!(scope, Scope::Default | Scope::Connect) {
        keywords.push(K::UnsafeWebtransportHashes);
    }
    keywords
}

fn nonce_and_hash_allowed(scope: Scope) -> bool {
    matches!(
        scope,
        Scope::Default | Scope::Script | Scope::ScriptPart | Scope::Style
    )
}

fn strict_dynamic_allowed(scope: Scope) -> bool {
    matches!(scope, Scope::Default | Scope::Script | Scope::ScriptPart)
}

/// One generated value: as written in `csp!`, and its canonical header text.
#[derive(Debug, Clone)]
struct Val {
    written: String,
    canonical: String,
    nonce_or_hash: bool,
}

impl Val {
    fn new(written: String, canonical: impl Into<String>) -> Self {
        Self {
            written,
            canonical: canonical.into(),
            nonce_or_hash: false,
        }
    }
}

type Model = Vec<(DirectiveName, Vec<Val>)>;

fn directive_text(name: DirectiveName, values: &[Val]) -> String {
    let mut text = name.as_str().to_owned();
    for value in values {
        text.push(' ');
        text.push_str(&value.canonical);
    }
    text
}

/// A Rust string literal of `text`, plain or raw.
fn string_literal(text: &str, raw: bool) -> String {
    if raw && !text.contains("\"#") {
        format!("r#\"{text}\"#")
    } else {
        format!("{text:?}")
    }
}

/// `text` as a string literal, plain or raw.
fn quoted(text: String) -> impl Strategy<Value = String> {
    any::<bool>().prop_map(move |raw| string_literal(&text, raw))
}

/// Mostly lowercase, sometimes in random ASCII case (names and keywords ignore case).
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

/// A keyword: bare (`unsafe-inline`) or as a header-syntax string (`"'unsafe-inline'"`).
fn keyword(keyword: Keyword) -> impl Strategy<Value = Val> {
    let canonical = format!("'{}'", keyword.name());
    prop_oneof![
        3 => some_case(keyword.name()),
        1 => quoted(canonical.clone()),
    ]
    .prop_map(move |written| Val::new(written, canonical.clone()))
}

fn nonce() -> impl Strategy<Value = Val> {
    prop_oneof![3 => some_case("nonce"), 1 => quoted("'nonce'".to_owned())].prop_map(|written| {
        Val {
            nonce_or_hash: true,
            ..Val::new(written, "'nonce'")
        }
    })
}

/// `sha256("...")` of an inline script, or the hash source as a string.
fn hash() -> impl Strategy<Value = Val> {
    (
        select(HashAlgorithm::ALL),
        "[ -~\u{a0}-\u{17f}\n\t]{0,24}",
        any::<bool>(),
    )
        .prop_flat_map(|(algorithm, content, as_call)| {
            let canonical = algorithm.hash_source(&content);
            let written = if as_call {
                some_case(algorithm.name())
                    .prop_map(move |name| format!("{name}({})", string_literal(&content, false)))
                    .boxed()
            } else {
                quoted(canonical.clone()).boxed()
            };
            written.prop_map(move |written| Val {
                nonce_or_hash: true,
                ..Val::new(written, canonical.clone())
            })
        })
}

/// Words the macro reads bare: identifiers joined by `-`.
fn bare_word() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,5}(-[a-z][a-z0-9]{0,5}){0,2}"
}

/// `data:` bare, or any scheme as a string (`"web+app.1:"`); printed lowercase.
fn scheme() -> impl Strategy<Value = Val> {
    let bare = prop_oneof![
        select(vec!["https", "http", "data", "blob", "wss", "mediastream"]).prop_map(str::to_owned),
        bare_word(),
    ]
    // A bare `img-src:` would start a new directive.
    .prop_filter("not a directive name", |s| {
        DirectiveName::from_name(s).is_none()
    })
    .prop_flat_map(|scheme| {
        some_case(&scheme)
            .prop_map(move |written| Val::new(format!("{written}:"), format!("{scheme}:")))
    });
    let string = "[a-zA-Z][a-zA-Z0-9+.-]{0,8}".prop_flat_map(|scheme| {
        let canonical = format!("{}:", scheme.to_ascii_lowercase());
        quoted(format!("{scheme}:")).prop_map(move |written| Val::new(written, canonical.clone()))
    });
    prop_oneof![bare, string]
}

/// A host source as a string literal, printed as written; or `*` bare.
fn host() -> impl Strategy<Value = Val> {
    let label = "[a-zA-Z0-9][a-zA-Z0-9-]{0,6}";
    let host = (
        proptest::option::of("[a-z][a-z0-9+.-]{0,6}://"),
        any::<bool>(),
        vec(label, 1..4),
        proptest::option::of(prop_oneof![
            (0u16..=u16::MAX).prop_map(|port| port.to_string()),
            Just("*".to_owned())
        ]),
        proptest::option::of("(/([a-zA-Z0-9._~!$&'()*+=@-]|%[0-9a-fA-F]{2}){0,6}){1,2}"),
    )
        .prop_map(|(scheme, wildcard, labels, port, path)| {
            let mut text = scheme.unwrap_or_default();
            if wildcard {
                text.push_str("*.");
            }
            text.push_str(&labels.join("."));
            if let Some(port) = port {
                text.push(':');
                text.push_str(&port);
            }
            text + path.as_deref().unwrap_or("")
        })
        // A bare `self` in header syntax is an unquoted keyword, an error of its own.
        .prop_filter("not a keyword", |text| Keyword::from_name(text).is_none())
        .prop_flat_map(|text| {
            quoted(text.clone()).prop_map(move |written| Val::new(written, text.clone()))
        });
    prop_oneof![
        6 => host,
        1 => Just(Val::new("*".to_owned(), "*")),
        1 => Just(Val::new("\"*\"".to_owned(), "*")),
    ]
}

/// A source other than `none` and `strict-dynamic`.
fn ordinary_source(scope: Scope) -> BoxedStrategy<Val> {
    let keyword = select(keywords(scope)).prop_flat_map(keyword);
    if nonce_and_hash_allowed(scope) {
        prop_oneof![
            3 => keyword,
            2 => scheme(),
            3 => host(),
            1 => nonce(),
            1 => hash(),
        ]
        .boxed()
    } else {
        prop_oneof![3 => keyword, 2 => scheme(), 3 => host()].boxed()
    }
}

/// `none` alone, or sources with `strict-dynamic` among them when a nonce or hash is there.
fn source_list(scope: Scope) -> BoxedStrategy<Vec<Val>> {
    let sources = (
        vec(ordinary_source(scope), 1..5),
        keyword(Keyword::StrictDynamic),
        any::<bool>(),
        any::<Index>(),
    )
        .prop_map(move |(mut sources, strict_dynamic, add, at)| {
            if add && strict_dynamic_allowed(scope) && sources.iter().any(|v| v.nonce_or_hash) {
                sources.insert(at.index(sources.len() + 1), strict_dynamic);
            }
            sources
        });
    prop_oneof![
        1 => keyword(Keyword::None).prop_map(|v| vec![v]),
        6 => sources,
    ]
    .boxed()
}

/// A word the macro may write bare or as a string, printed as written.
fn word(bare: impl Strategy<Value = String>, pattern: &'static str) -> impl Strategy<Value = Val> {
    prop_oneof![
        bare.prop_map(|w| Val::new(w.clone(), w)),
        pattern.prop_flat_map(
            |w| quoted(w.clone()).prop_map(move |written| Val::new(written, w.clone()))
        ),
    ]
}

fn sandbox_flag() -> impl Strategy<Value = Val> {
    select(SANDBOX_FLAGS).prop_flat_map(|flag| {
        prop_oneof![3 => some_case(flag), 1 => quoted(flag.to_owned())]
            .prop_map(move |written| Val::new(written, flag))
    })
}

fn report_uri() -> impl Strategy<Value = Val> {
    prop_oneof![
        "/[a-z0-9/_-]{0,12}",
        "https://[a-z]{1,8}\\.example\\.com/[a-z-]{0,8}",
        "[!-&(-+\\--:<-~][!-+\\--:<-~]{0,15}",
    ]
    .prop_flat_map(|uri| {
        quoted(uri.clone()).prop_map(move |written| Val::new(written, uri.clone()))
    })
}

fn trusted_types_value() -> impl Strategy<Value = Val> {
    let name = bare_word().prop_filter("not a keyword of trusted-types", |w| {
        !matches!(
            Keyword::from_name(w),
            Some(Keyword::None | Keyword::AllowDuplicates)
        )
    });
    prop_oneof![
        4 => word(name, "[A-Za-z0-9#=_/@.%-]{1,12}"),
        1 => Just(Val::new("*".to_owned(), "*")),
        1 => keyword(Keyword::AllowDuplicates),
    ]
}

/// Values valid for `name`, by its grammar.
fn values(name: DirectiveName) -> BoxedStrategy<Vec<Val>> {
    match name.grammar() {
        ValueGrammar::SourceList => source_list(scope(name)),
        ValueGrammar::SandboxFlags => vec(sandbox_flag(), 0..4).boxed(),
        ValueGrammar::Empty => Just(Vec::new()).boxed(),
        ValueGrammar::ReportUris => vec(report_uri(), 1..4).boxed(),
        ValueGrammar::ReportEndpoint => word(bare_word(), "[A-Za-z0-9!#$%&*+.^_`|~-]{1,16}")
            .prop_map(|v| vec![v])
            .boxed(),
        ValueGrammar::TrustedTypesSinks => keyword(Keyword::Script).prop_map(|v| vec![v]).boxed(),
        ValueGrammar::TrustedTypesPolicies => prop_oneof![
            1 => keyword(Keyword::None).prop_map(|v| vec![v]),
            5 => vec(trusted_types_value(), 0..4),
        ]
        .boxed(),
        ValueGrammar::WebRtc => select(vec![Keyword::Allow, Keyword::Block])
            .prop_flat_map(keyword)
            .prop_map(|v| vec![v])
            .boxed(),
    }
}

/// Distinct directives in random order, each with valid values.
fn model(directives: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Model> {
    subsequence(DirectiveName::ALL, directives)
        .prop_shuffle()
        .prop_flat_map(|names| {
            names
                .into_iter()
                .map(|name| values(name).prop_map(move |values| (name, values)))
                .collect::<Vec<_>>()
        })
}

/// One item of the macro: `name: values` (`name` alone, or `name:`, when there are none).
fn item(name: DirectiveName, values: &[Val]) -> impl Strategy<Value = String> + use<> {
    let written: Vec<String> = values.iter().map(|v| v.written.clone()).collect();
    (some_case(name.as_str()), any::<bool>()).prop_map(move |(name, colon)| {
        if written.is_empty() && !colon {
            name
        } else {
            format!("{name}: {}", written.join(" "))
        }
    })
}

/// A generated `csp!` input, and the header it must make.
#[derive(Debug, Clone)]
struct Generated {
    input: String,
    header: String,
}

/// The header of the model on top of a preset: the model's directives replace the preset's
/// of the same name in place, the others follow in the order written.
fn expected_header(preset: Option<&ContentSecurityPolicy>, model: &Model) -> String {
    let mut directives: Vec<(DirectiveName, String)> = preset
        .map(|p| {
            p.directives()
                .iter()
                .map(|d| (d.name(), d.to_string()))
                .collect()
        })
        .unwrap_or_default();
    for (name, values) in model {
        let text = directive_text(*name, values);
        match directives.iter_mut().find(|(n, _)| n == name) {
            Some(existing) => existing.1 = text,
            None => directives.push((*name, text)),
        }
    }
    directives
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Directives, alone or after a preset (`..aiohttp-default`), which may then be all there is.
fn generated() -> impl Strategy<Value = Generated> {
    let alone = model(1..=8).prop_map(|model| (None, model));
    let after_preset =
        (select(presets::BY_NAME), model(0..=6)).prop_map(|(preset, model)| (Some(preset), model));
    prop_oneof![3 => alone, 1 => after_preset].prop_flat_map(|(preset, model)| {
        let header = expected_header(preset.as_ref().map(|(_, p)| p), &model);
        let mut items: Vec<BoxedStrategy<String>> = Vec::new();
        if let Some((name, _)) = preset {
            items.push(Just(format!("..{name}")).boxed());
        }
        items.extend(model.iter().map(|(n, vs)| item(*n, vs).boxed()));
        let separators = vec(
            prop_oneof![Just(", "), Just(",\n    "), Just(" ,")],
            items.len(),
        );
        (items, separators, any::<bool>()).prop_map(move |(items, separators, trailing)| {
            let mut input = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    input.push_str(separators[i]);
                }
                input.push_str(item);
            }
            if trailing {
                input.push(',');
            }
            Generated {
                input,
                header: header.clone(),
            }
        })
    })
}

/// Header text for the string form: the header of a generated policy written as browsers
/// allow (names and keywords in any case, extra whitespace, empty directives), or broken by
/// one or two edits that insert or delete something.
fn header_text() -> impl Strategy<Value = String> {
    let written = generated()
        .prop_flat_map(|generated| {
            let directives: Vec<String> = generated.header.split("; ").map(str::to_owned).collect();
            let n = directives.len();
            (
                Just(directives),
                vec(select(vec![";", "; ", " ;  ", ";\t", ";; "]), n),
                vec(prop_oneof![5 => Just(false), 1 => Just(true)], n),
                select(vec!["", " ", "; "]),
            )
                .prop_map(|(directives, separators, upper, around)| {
                    let mut text = around.to_owned();
                    for (i, directive) in directives.iter().enumerate() {
                        if i > 0 {
                            text.push_str(separators[i]);
                        }
                        if upper[i] {
                            text.push_str(&directive.to_ascii_uppercase());
                        } else {
                            text.push_str(directive);
                        }
                    }
                    text + around
                })
        })
        .boxed();
    // `None` deletes the character at the index.
    let piece = proptest::option::of(select(vec![
        ",",
        ";",
        " ",
        "'",
        "\"",
        "\\",
        "x",
        "-",
        ":",
        "/",
        "*",
        "\t",
        "\r\n",
        "\u{e9}",
        "\0",
        "'nonce-abc'",
        "nonce-abc",
        "sha256-abc",
        " img-src ",
        " 'unsafe-inline' ",
        " https://ajax.googleapis.com ",
        " http: ",
        " 'none' ",
        " 'strict-dynamic' ",
    ]));
    let edits = vec((any::<Index>(), piece), 1..=2);
    prop_oneof![
        2 => written.clone(),
        3 => (written, edits).prop_map(|(mut text, edits)| {
            for (at, piece) in edits {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match piece {
                    Some(piece) => text.insert_str(at, piece),
                    None if at < text.len() => {
                        text.remove(at);
                    }
                    None => {}
                }
            }
            text
        }),
    ]
}

/// `text` as the string form's input: a plain or raw string literal.
fn string_form(text: &str, raw: bool) -> String {
    // A raw string cannot hold a lone CR; the others read more easily escaped.
    string_literal(text, raw && !text.chars().any(char::is_control))
}

/// Where a message of the string form says its word is: the byte offset and the word.
fn position(message: &str) -> Option<(usize, &str)> {
    let (_, at) = message.rsplit_once(" (at byte ")?;
    let (offset, word) = at.strip_suffix("`)")?.split_once(": `")?;
    Some((offset.parse().ok()?, word))
}

/// Runs the macro's parse and validation on `input`, failing with the macro's messages.
fn run_macro(input: &str) -> Result<ContentSecurityPolicy, TestCaseError> {
    let tokens: TokenStream = input
        .parse()
        .map_err(|e| TestCaseError::fail(format!("{input:?} is not Rust tokens: {e}")))?;
    let mut errors = Errors::default();
    let parsed = parse::parse(tokens, &mut errors);
    let policy = validate(&parsed, &mut errors);
    if !errors.is_empty() {
        let messages = errors.expand_with(TokenStream::new());
        return Err(TestCaseError::fail(format!(
            "csp! {{ {input} }} was rejected: {messages}"
        )));
    }
    policy.ok_or_else(|| TestCaseError::fail(format!("csp! {{ {input} }} made no policy")))
}

/// Every string literal in `tokens`, groups included, with its value.
fn string_literals(tokens: TokenStream, found: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => string_literals(group.stream(), found),
            TokenTree::Literal(literal) => {
                if let Ok(string) = syn::parse2::<syn::LitStr>(TokenTree::Literal(literal).into()) {
                    found.push(string.value());
                }
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Valid macro input makes the expected header without errors, and the runtime parser
    /// reads that header back to the same policy.
    #[test]
    fn macro_policies_are_what_the_runtime_parser_reads(generated in generated()) {
        let policy = run_macro(&generated.input)?;
        prop_assert_eq!(policy.as_str(), generated.header.as_str(), "from csp! {{ {} }}", generated.input);
        let reparsed = policy.as_str().parse::<ContentSecurityPolicy>();
        prop_assert_eq!(reparsed.as_ref().map(ContentSecurityPolicy::as_str), Ok(policy.as_str()));
        prop_assert_eq!(reparsed, Ok(policy));
    }

    /// The expansion is the policy as constants: the header as one literal, one directive
    /// constructor per directive; the whole macro expands to it, or to an error exactly when
    /// a lint denied by default has a finding.
    #[test]
    fn the_expansion_holds_the_header(generated in generated()) {
        let policy = run_macro(&generated.input)?;
        let expansion = expand::policy(&krate(), &policy, &[]);
        prop_assert!(!expansion.is_empty());

        let mut literals = Vec::new();
        string_literals(expansion.clone(), &mut literals);
        prop_assert_eq!(
            literals.iter().filter(|l| *l == policy.as_str()).count(),
            1,
            "the header {:?} is not a literal of {}",
            policy.as_str(),
            expansion
        );
        let text = expansion.to_string();
        prop_assert_eq!(text.matches("__new").count(), policy.directives().len());
        let values: usize = policy.directives().iter().map(|d| d.values().len()).sum();
        let constructors: usize = ["__keyword", "__nonce", "__hash", "__scheme", "__host", "__word"]
            .iter()
            .map(|c| text.matches(c).count())
            .sum();
        prop_assert_eq!(constructors, values);

        // The whole macro expands to the same constants, unless a finding of a lint that is
        // denied by default stops it: then it is an error that names every such lint.
        let whole = super::expand(&krate(), generated.input.parse().unwrap()).to_string();
        let denied: Vec<&str> = policy
            .lint()
            .iter()
            .filter(|f| f.lint().denied_by_default())
            .map(|f| f.lint().name())
            .collect();
        if denied.is_empty() {
            prop_assert!(!whole.contains("compile_error"), "{}", whole);
            prop_assert_eq!(whole, text);
        } else {
            prop_assert!(whole.contains("compile_error"), "{}", whole);
            for lint in denied {
                let named = format!("(lint `{lint}`)");
                prop_assert!(whole.contains(&named), "{} does not name {}", whole, lint);
            }
        }
    }

    /// The string form reads exactly what the runtime parser reads: a header it accepts
    /// makes the same policy, and expands to the same constants as that policy or to the
    /// errors of its denied lints, each saying where its word is; a header it refuses fails
    /// first with its error at its offset, followed by every other problem the text has.
    #[test]
    fn the_string_form_is_the_runtime_parser(text in header_text(), raw in any::<bool>()) {
        let input = tokens(&string_form(&text, raw))?;
        let mut errors = Errors::default();
        let parsed = parse::parse(input.clone(), &mut errors);
        let policy = validate(&parsed, &mut errors);
        let messages = errors.messages();
        match text.parse::<ContentSecurityPolicy>() {
            Ok(expected) => {
                prop_assert!(messages.is_empty(), "{:?} was rejected: {:?}", text, messages);
                prop_assert_eq!(policy.as_ref(), Some(&expected));
                let whole = super::expand(&krate(), input).to_string();
                let findings = expected.lint();
                let denied: Vec<_> = findings.iter().filter(|f| f.lint().denied_by_default()).collect();
                if denied.is_empty() {
                    prop_assert_eq!(whole, expand::policy(&krate(), &expected, &[]).to_string());
                    return Ok(());
                }
                prop_assert!(whole.contains("compile_error"), "{}", whole);
                let mut errors = Errors::default();
                lints::check(&parsed, &expected, &mut errors);
                let messages = errors.messages();
                for finding in denied {
                    let risk = finding.message(Syntax::Header);
                    let message = messages.iter().find(|m| m.starts_with(&risk));
                    prop_assert!(message.is_some(), "no error says {:?}: {:?}", risk, messages);
                    let at = position(message.unwrap());
                    match finding.location() {
                        None => prop_assert_eq!(at, None),
                        Some((directive, value)) => {
                            let (offset, word) = at.ok_or_else(|| TestCaseError::fail(format!("{message:?} says no position")))?;
                            prop_assert!(text[offset..].starts_with(word), "{:?} is not at {} of {:?}", word, offset, text);
                            let cause = match value {
                                Some(_) => finding.value().unwrap_or_default(),
                                None => expected.directives()[directive].name().as_str(),
                            };
                            prop_assert!(word.eq_ignore_ascii_case(cause), "{:?} is not {:?}", word, cause);
                        }
                    }
                }
            }
            Err(error) => {
                prop_assert_eq!(policy, None);
                let mut runtime = error.kind().message(Syntax::Header);
                if *error.kind() == CspErrorKind::Comma {
                    // The runtime's advice names `PolicyList`; the macro's says to write two.
                    runtime = "unexpected `,`: it separates whole policies".to_owned();
                }
                let first = messages.first().map(String::as_str).unwrap_or_default();
                if *error.kind() == CspErrorKind::EmptyPolicy {
                    prop_assert_eq!(first, runtime.as_str());
                } else {
                    prop_assert!(first.starts_with(&runtime), "{:?} does not start with {:?}", first, runtime);
                    prop_assert_eq!(position(first).map(|(offset, _)| offset), Some(error.offset()));
                }
                let all = parse_header(&text).unwrap_err();
                prop_assert_eq!(messages.len(), all.len(), "{:?}", messages);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// What `ContentSecurityPolicy::to_csp_macro` prints goes through the macro's parse,
    /// validation and lints without an error and makes the same policy: the allows it writes
    /// are exactly those needed.
    #[test]
    fn printed_policies_compile_back_to_themselves(generated in generated()) {
        let policy: ContentSecurityPolicy = generated.header.parse().map_err(|e| {
            TestCaseError::fail(format!("{:?}: {e}", generated.header))
        })?;
        let printed = policy.to_csp_macro().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let body = printed
            .strip_prefix("csp! {")
            .and_then(|rest| rest.strip_suffix('}'))
            .ok_or_else(|| TestCaseError::fail(format!("not a csp! invocation: {printed}")))?;
        let input = tokens(body)?;
        let mut errors = Errors::default();
        let parsed = parse::parse(input, &mut errors);
        let compiled = validate(&parsed, &mut errors);
        if let Some(compiled) = &compiled {
            lints::check(&parsed, compiled, &mut errors);
        }
        prop_assert!(errors.is_empty(), "{} was rejected: {:?}", printed, errors.messages());
        prop_assert_eq!(compiled, Some(policy));
    }
}

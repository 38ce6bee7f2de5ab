//! Property tests of the runtime parsers (`ContentSecurityPolicy::from_str`,
//! `StrictTransportSecurity::from_str`) and of the values they print.
//!
//! The generators build a small model of a policy beside its header text: each value knows
//! how it was written (random ASCII case, random whitespace) and what its canonical text is,
//! so the properties compare the parser against an expectation computed independently of it.
//! Which keywords, nonces and hashes each directive accepts is written out again here (see
//! [`Scope`]) rather than taken from the crate, and checked exhaustively against the parser.

mod common;

use common::{config, gap, mutated, padding, random_case};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use secure_core::StrictTransportSecurity;
use secure_core::csp::build::build;
use secure_core::csp::parse::{parse_header, split_directives};
use secure_core::csp::{
    ContentSecurityPolicy, CspErrorKind, DirectiveName, Effect, HashAlgorithm, Keyword, PolicyList,
    SANDBOX_FLAGS, ValueGrammar, ValueKind, analyze,
};
use secure_core::csp::{Directive, render as render_directives};
use secure_core::hsts::ONE_YEAR;

// ---------------------------------------------------------------------------------------------
// The oracle: which sources each source-list directive accepts.
// ---------------------------------------------------------------------------------------------

/// The groups of source-list directives that accept the same keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Default,
    Script,
    ScriptPart,
    Style,
    Connect,
    FrameAncestors,
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
        D::FrameAncestors => Scope::FrameAncestors,
        D::ChildSrc
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
        other => panic!("`{other}` is new: say in tests/properties.rs which sources it accepts"),
    }
}

/// Every keyword that is a source expression.
const SOURCE_KEYWORDS: &[Keyword] = &[
    Keyword::SelfOrigin,
    Keyword::None,
    Keyword::UnsafeInline,
    Keyword::UnsafeEval,
    Keyword::StrictDynamic,
    Keyword::UnsafeHashes,
    Keyword::ReportSample,
    Keyword::WasmUnsafeEval,
    Keyword::TrustedTypesEval,
    Keyword::ReportSha256,
    Keyword::ReportSha384,
    Keyword::ReportSha512,
    Keyword::UnsafeAllowRedirects,
    Keyword::UnsafeWebtransportHashes,
    Keyword::InlineSpeculationRules,
];

/// Keywords that are not source expressions (they belong to other grammars).
const OTHER_KEYWORDS: &[Keyword] = &[
    Keyword::Script,
    Keyword::AllowDuplicates,
    Keyword::Allow,
    Keyword::Block,
];

/// Whether `keyword` is accepted in a source list of `scope`, as the keyword table documents.
fn keyword_allowed(keyword: Keyword, scope: Scope) -> bool {
    use Scope as S;
    match keyword {
        Keyword::SelfOrigin | Keyword::None => true,
        Keyword::UnsafeInline | Keyword::UnsafeHashes | Keyword::ReportSample => {
            matches!(scope, S::Default | S::Script | S::ScriptPart | S::Style)
        }
        // Browsers accept `'unsafe-eval'` in `script-src-elem`/`-attr`, where it does nothing.
        Keyword::UnsafeEval => matches!(scope, S::Default | S::Script | S::ScriptPart),
        Keyword::WasmUnsafeEval | Keyword::TrustedTypesEval => {
            matches!(scope, S::Default | S::Script)
        }
        Keyword::StrictDynamic
        | Keyword::ReportSha256
        | Keyword::ReportSha384
        | Keyword::ReportSha512
        | Keyword::InlineSpeculationRules => {
            matches!(scope, S::Default | S::Script | S::ScriptPart)
        }
        Keyword::UnsafeWebtransportHashes => matches!(scope, S::Default | S::Connect),
        _ => false,
    }
}

/// Nonces and hashes only make sense where scripts or styles are governed.
fn nonce_and_hash_allowed(scope: Scope) -> bool {
    matches!(
        scope,
        Scope::Default | Scope::Script | Scope::ScriptPart | Scope::Style
    )
}

// ---------------------------------------------------------------------------------------------
// The model of a generated policy.
// ---------------------------------------------------------------------------------------------

/// What a value is, to compare with [`ValueKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Keyword(Keyword),
    Nonce,
    Hash(HashAlgorithm),
    Scheme,
    Host,
    Word,
}

impl Kind {
    fn of(value: ValueKind<'_>) -> Option<Kind> {
        Some(match value {
            ValueKind::Keyword(k) => Kind::Keyword(k),
            ValueKind::Nonce => Kind::Nonce,
            ValueKind::Hash(a, _) => Kind::Hash(a),
            ValueKind::Scheme(_) => Kind::Scheme,
            ValueKind::Host(_) => Kind::Host,
            ValueKind::Word(_) => Kind::Word,
            _ => return None,
        })
    }
}

/// One generated value: as written in the header, and as the parser must print it.
#[derive(Debug, Clone)]
struct Val {
    written: String,
    canonical: String,
    kind: Kind,
}

impl Val {
    fn same(text: String, kind: Kind) -> Self {
        Self {
            written: text.clone(),
            canonical: text,
            kind,
        }
    }
}

type Model = Vec<(DirectiveName, Vec<Val>)>;

/// A generated policy: the header text, its model, and the canonical text it must print as.
#[derive(Debug, Clone)]
struct Generated {
    header: String,
    model: Model,
    canonical: String,
}

/// The canonical text of a model, with each nonce placeholder printed by `nonce`.
fn render(model: &Model, nonce: &str) -> String {
    model
        .iter()
        .map(|(name, values)| {
            let mut text = name.as_str().to_owned();
            for value in values {
                text.push(' ');
                text.push_str(if value.kind == Kind::Nonce {
                    nonce
                } else {
                    &value.canonical
                });
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}

// ---------------------------------------------------------------------------------------------
// Strategies for the pieces of header text.
// ---------------------------------------------------------------------------------------------

fn keyword(keyword: Keyword) -> impl Strategy<Value = Val> {
    random_case(keyword.name()).prop_map(move |name| Val {
        written: format!("'{name}'"),
        canonical: format!("'{}'", keyword.name()),
        kind: Kind::Keyword(keyword),
    })
}

fn nonce() -> impl Strategy<Value = Val> {
    random_case("nonce").prop_map(|name| Val {
        written: format!("'{name}'"),
        canonical: "'nonce'".to_owned(),
        kind: Kind::Nonce,
    })
}

/// A hash source of random content, in standard or URL-safe base64, padded or not, with the
/// algorithm name in random case.
fn hash() -> impl Strategy<Value = Val> {
    (
        select(HashAlgorithm::ALL),
        ".{0,24}",
        any::<bool>(),
        any::<bool>(),
    )
        .prop_flat_map(|(algorithm, content, url_safe, unpadded)| {
            let source = algorithm.hash_source(&content);
            let prefix = format!("'{}-", algorithm.name());
            let mut digest = source[prefix.len()..source.len() - 1].to_owned();
            if url_safe {
                digest = digest.replace('+', "-").replace('/', "_");
            }
            if unpadded {
                digest = digest.trim_end_matches('=').to_owned();
            }
            random_case(algorithm.name()).prop_map(move |name| Val {
                written: format!("'{name}-{digest}'"),
                canonical: format!("'{}-{digest}'", algorithm.name()),
                kind: Kind::Hash(algorithm),
            })
        })
}

fn scheme_name() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "https",
            "http",
            "data",
            "blob",
            "wss",
            "ws",
            "mediastream",
            "filesystem"
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z][a-zA-Z0-9+.-]{0,10}",
    ]
}

/// A scheme source: printed lowercase.
fn scheme() -> impl Strategy<Value = Val> {
    scheme_name()
        .prop_flat_map(random_case)
        .prop_map(|scheme| Val {
            canonical: format!("{}:", scheme.to_ascii_lowercase()),
            written: format!("{scheme}:"),
            kind: Kind::Scheme,
        })
}

fn host_name() -> impl Strategy<Value = String> {
    let label = "[a-zA-Z0-9][a-zA-Z0-9-]{0,8}";
    prop_oneof![
        1 => Just("*".to_owned()),
        6 => (any::<bool>(), vec(label, 1..4), any::<bool>()).prop_map(|(wildcard, labels, dot)| {
            let prefix = if wildcard { "*." } else { "" };
            // A fully qualified name may end in a dot.
            let suffix = if dot { "." } else { "" };
            format!("{prefix}{}{suffix}", labels.join("."))
        }),
    ]
}

/// A port from 0 to 65535, sometimes with leading zeros, or `*`.
fn port() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (0u16..=u16::MAX).prop_map(|port| port.to_string()),
        1 => (0u16..10_000).prop_map(|port| format!("0{port}")),
        1 => Just("*".to_owned()),
    ]
}

/// Path segments of the characters CSP allows unescaped, and percent-escapes.
fn path() -> impl Strategy<Value = String> {
    "(/([a-zA-Z0-9._~!$&'()*+=:@-]|%[0-9a-fA-F]{2}){0,6}){1,3}"
}

/// `[scheme "://"] host [":" port] [path]`; printed as written.
fn host() -> impl Strategy<Value = Val> {
    (
        proptest::option::of(scheme_name()),
        host_name(),
        proptest::option::of(port()),
        proptest::option::of(path()),
    )
        .prop_map(|(scheme, host, port, path)| {
            let mut text = String::new();
            if let Some(scheme) = scheme {
                text.push_str(&scheme);
                text.push_str("://");
            }
            text.push_str(&host);
            if let Some(port) = port {
                text.push(':');
                text.push_str(&port);
            }
            text.push_str(path.as_deref().unwrap_or(""));
            text
        })
        // A bare `self` is an unquoted keyword, an error of its own.
        .prop_filter("an unquoted keyword is not a host", |text| {
            !SOURCE_KEYWORDS
                .iter()
                .any(|k| k.name().eq_ignore_ascii_case(text))
        })
        .prop_map(|text| Val::same(text, Kind::Host))
}

/// A source other than `'none'` and `'strict-dynamic'`, which have rules of their own.
fn ordinary_source(scope: Scope) -> BoxedStrategy<Val> {
    let keywords: Vec<Keyword> = SOURCE_KEYWORDS
        .iter()
        .copied()
        .filter(|&k| k != Keyword::None && k != Keyword::StrictDynamic)
        .filter(|&k| keyword_allowed(k, scope))
        .collect();
    let keyword = select(keywords).prop_flat_map(keyword).boxed();
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

/// `'none'` alone, or sources, with `'strict-dynamic'` somewhere when a nonce or hash is there.
fn source_list(scope: Scope) -> BoxedStrategy<Vec<Val>> {
    let sources = (
        vec(ordinary_source(scope), 1..5),
        keyword(Keyword::StrictDynamic),
        any::<bool>(),
        any::<Index>(),
    )
        .prop_map(move |(mut sources, strict_dynamic, add, at)| {
            let has_nonce_or_hash = sources
                .iter()
                .any(|v| matches!(v.kind, Kind::Nonce | Kind::Hash(_)));
            if add && has_nonce_or_hash && keyword_allowed(Keyword::StrictDynamic, scope) {
                let at = at.index(sources.len() + 1);
                sources.insert(at, strict_dynamic);
            }
            sources
        });
    prop_oneof![
        1 => keyword(Keyword::None).prop_map(|v| vec![v]),
        6 => sources,
    ]
    .boxed()
}

fn sandbox_flag() -> impl Strategy<Value = Val> {
    select(SANDBOX_FLAGS).prop_flat_map(|flag| {
        random_case(flag).prop_map(move |written| Val {
            written,
            canonical: flag.to_owned(),
            kind: Kind::Word,
        })
    })
}

/// Any visible ASCII but `;` and `,`, not starting with a quote.
fn report_uri() -> impl Strategy<Value = Val> {
    prop_oneof![
        "/[a-z0-9/_-]{0,12}",
        "https://[a-z]{1,8}\\.example\\.com/[a-z-]{0,8}",
        "[!-&(-+\\--:<-~][!-+\\--:<-~]{0,15}",
    ]
    .prop_map(|uri| Val::same(uri, Kind::Word))
}

/// An HTTP token naming a Reporting API endpoint.
fn report_endpoint() -> impl Strategy<Value = Val> {
    "[A-Za-z0-9!#$%&*+.^_`|~-]{1,16}".prop_map(|name| Val::same(name, Kind::Word))
}

fn trusted_types_value() -> impl Strategy<Value = Val> {
    prop_oneof![
        4 => "[A-Za-z0-9#=_/@.%-]{1,12}".prop_map(|name| Val::same(name, Kind::Word)),
        1 => Just(Val::same("*".to_owned(), Kind::Word)),
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
        ValueGrammar::ReportEndpoint => report_endpoint().prop_map(|v| vec![v]).boxed(),
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
fn model() -> impl Strategy<Value = Model> {
    subsequence(DirectiveName::ALL, 1..=8)
        .prop_shuffle()
        .prop_flat_map(|names| {
            names
                .into_iter()
                .map(|name| values(name).prop_map(move |values| (name, values)))
                .collect::<Vec<_>>()
        })
}

/// One directive as written: name in random case, values after random whitespace.
fn directive_text(name: DirectiveName, values: &[Val]) -> impl Strategy<Value = String> + use<> {
    let written: Vec<String> = values.iter().map(|v| v.written.clone()).collect();
    (
        padding(),
        random_case(name.as_str()),
        vec(gap(), written.len()),
        padding(),
    )
        .prop_map(move |(lead, name, gaps, trail)| {
            let mut text = lead + &name;
            for (gap, value) in gaps.iter().zip(&written) {
                text.push_str(gap);
                text.push_str(value);
            }
            text + &trail
        })
}

/// Between directives: one `;`, sometimes with empty directives around it.
fn separator() -> impl Strategy<Value = String> {
    prop_oneof![5 => Just(";".to_owned()), 1 => "(;[ \t]{0,2}){2,3}"]
}

/// The header text of a model, with a leading or trailing `;` sometimes.
fn header(model: &Model) -> impl Strategy<Value = String> + use<> {
    let directives: Vec<_> = model
        .iter()
        .map(|(name, values)| directive_text(*name, values))
        .collect();
    (
        directives,
        vec(separator(), model.len()),
        prop_oneof![3 => Just(""), 1 => Just(";"), 1 => Just(" ;")],
        prop_oneof![2 => Just(""), 1 => Just(";"), 1 => Just("; "), 1 => Just(";;\t")],
    )
        .prop_map(|(directives, separators, leading, trailing)| {
            let mut text = leading.to_owned();
            for (i, directive) in directives.iter().enumerate() {
                if i > 0 {
                    text.push_str(&separators[i]);
                }
                text.push_str(directive);
            }
            text + trailing
        })
}

fn generated_policy() -> impl Strategy<Value = Generated> {
    model().prop_flat_map(written)
}

/// The model with header text written for it.
fn written(model: Model) -> impl Strategy<Value = Generated> {
    let canonical = render(&model, "'nonce'");
    header(&model).prop_map(move |header| Generated {
        header,
        model: model.clone(),
        canonical: canonical.clone(),
    })
}

/// Directives that accept a nonce.
fn nonce_directives() -> Vec<DirectiveName> {
    DirectiveName::ALL
        .iter()
        .copied()
        .filter(|&d| d.grammar() == ValueGrammar::SourceList && nonce_and_hash_allowed(scope(d)))
        .collect()
}

/// A valid policy with at least one nonce placeholder (inserted in a directive of the model,
/// or added as a directive of its own).
fn policy_with_nonce() -> impl Strategy<Value = Generated> {
    (model(), select(nonce_directives()), nonce(), any::<Index>())
        .prop_map(|(mut model, target, nonce, at)| {
            match model.iter_mut().find(|(name, _)| *name == target) {
                Some((_, values)) => {
                    // `'none'` must stay alone: the nonce replaces it.
                    values.retain(|v| v.kind != Kind::Keyword(Keyword::None));
                    let at = at.index(values.len() + 1);
                    values.insert(at, nonce);
                }
                None => model.push((target, vec![nonce])),
            }
            model
        })
        .prop_flat_map(written)
}

// ---------------------------------------------------------------------------------------------
// Strategies for arbitrary text, biased toward what the parsers read.
// ---------------------------------------------------------------------------------------------

/// Characters that are never allowed, or that separate things.
const TROUBLE: &[&str] = &[
    "\r", "\n", "\r\n", "\0", "\u{7f}", "\u{b}", "\u{c}", "é", "\u{a0}", "\u{2028}", "😀", ",",
];

fn csp_fragment() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(DirectiveName::ALL).prop_flat_map(|d| random_case(d.as_str())),
        1 => select(vec!["prefetch-src", "navigate-to", "img-scr", "default-src:"])
            .prop_map(str::to_owned),
        3 => select(Keyword::ALL).prop_flat_map(|k| random_case(format!("'{}'", k.name()))),
        1 => select(Keyword::ALL).prop_map(|k| k.name().to_owned()),
        1 => nonce().prop_map(|v| v.written),
        1 => hash().prop_map(|v| v.written),
        2 => scheme().prop_map(|v| v.written),
        2 => host().prop_map(|v| v.written),
        1 => sandbox_flag().prop_map(|v| v.written),
        1 => report_endpoint().prop_map(|v| v.written),
        8 => select(vec![" ", " ", "\t", ";", "; ", " ; ", ":", "'", "*", "/", "-"])
            .prop_map(str::to_owned),
        1 => select(TROUBLE).prop_map(str::to_owned),
        1 => "[a-z';,:/* -]{1,6}",
    ]
    .boxed()
}

/// Text made of CSP-like pieces, so that a fair share of it parses.
fn csp_soup() -> impl Strategy<Value = String> {
    vec(csp_fragment(), 0..16).prop_map(|pieces| pieces.concat())
}

/// Text from a small alphabet of CSP characters, control characters and non-ASCII.
fn csp_alphabet() -> impl Strategy<Value = String> {
    "[a-zA-Z';,:/* \t\r\n\u{0}\u{7f}é😀-]{0,40}"
}

fn hsts_fragment() -> BoxedStrategy<String> {
    prop_oneof![
        3 => random_case("max-age"),
        2 => random_case("includeSubDomains"),
        2 => random_case("preload"),
        3 => select(vec!["=", "\"", ";", "; ", " ", "\t", "=\"", "\";"]).prop_map(str::to_owned),
        2 => "[0-9]{1,11}",
        1 => select(vec!["31536000", "4294967295", "4294967296", "-1", "+1"])
            .prop_map(str::to_owned),
        1 => select(TROUBLE).prop_map(str::to_owned),
        1 => "[a-zA-Z=\";-]{1,6}",
    ]
    .boxed()
}

fn hsts_soup() -> impl Strategy<Value = String> {
    vec(hsts_fragment(), 0..10).prop_map(|pieces| pieces.concat())
}

fn hsts_alphabet() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9=\";, \t\r\n\u{0}é-]{0,40}"
}

/// Text a CSP parser is likely to meet: valid policies, near misses, CSP words in any order.
fn csp_like() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => generated_policy().prop_map(|g| g.header),
        3 => mutated(generated_policy().prop_map(|g| g.header), csp_fragment()),
        2 => csp_soup(),
    ]
}

/// Text an HSTS parser is likely to meet.
fn hsts_like() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => hsts_header().prop_map(|(_, text)| text),
        3 => mutated(hsts_header().prop_map(|(_, text)| text), hsts_fragment()),
        2 => hsts_soup(),
    ]
}

/// The canonical text of a valid policy with a few separators added, removed or replaced:
/// text that differs from the canonical form by little more than a space or a `;`.
fn near_canonical() -> impl Strategy<Value = String> {
    let separator = select(vec![" ", "\t", ";", "; ", " ;"]).prop_map(str::to_owned);
    mutated(
        generated_policy().prop_map(|g| g.canonical),
        separator.boxed(),
    )
}

/// Text for the CSP parser: mostly CSP-like, some HSTS-like, the small alphabet, anything.
fn csp_text() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => csp_like(),
        1 => hsts_like(),
        1 => csp_alphabet(),
        2 => any::<String>(),
    ]
}

/// Text for the HSTS parser, likewise.
fn hsts_text() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => hsts_like(),
        1 => csp_like(),
        1 => hsts_alphabet(),
        2 => any::<String>(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the properties.
// ---------------------------------------------------------------------------------------------

/// Only visible ASCII and spaces: nothing that could end or split a header line.
fn is_header_safe(text: &str) -> bool {
    text.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) && !text.contains(',')
}

/// A nonce as the middleware makes them, when the crate is built with them.
#[cfg(feature = "http")]
fn fresh_nonce() -> Option<String> {
    Some(secure_core::CspNonce::generate().to_string())
}

#[cfg(not(feature = "http"))]
fn fresh_nonce() -> Option<String> {
    None
}

/// What must hold of any text the CSP parser sees.
fn check_csp(text: &str) -> Result<(), TestCaseError> {
    match text.parse::<ContentSecurityPolicy>() {
        Ok(policy) => {
            let printed = policy.as_str();
            prop_assert_eq!(policy.to_string(), printed);
            prop_assert!(is_header_safe(printed), "unsafe output {:?}", printed);
            prop_assert!(!printed.is_empty());
            prop_assert!(
                !printed.starts_with(' ') && !printed.ends_with([' ', ';']),
                "output {:?} is not trimmed",
                printed
            );
            let bytes = printed.as_bytes();
            for (i, _) in printed.match_indices(';') {
                prop_assert!(
                    i > 0 && bytes[i - 1] != b' ' && bytes.get(i + 1) == Some(&b' '),
                    "`;` at {} of {:?} is not written `x; `",
                    i,
                    printed
                );
            }
            let again: ContentSecurityPolicy = printed
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
            prop_assert!(!error.to_string().is_empty());
        }
    }
    Ok(())
}

/// What must hold of any text the HSTS parser sees. `analyze` reads as `FromStr` does: the
/// same value when it accepts, and otherwise its error is the first finding that has one.
fn check_hsts(text: &str) -> Result<(), TestCaseError> {
    let analysis = secure_core::hsts::analyze(text);
    for finding in analysis.findings() {
        let span = finding.span();
        prop_assert!(
            span.start <= span.end && text.get(span.clone()).is_some(),
            "span {:?} is not a part of {:?}",
            span,
            text
        );
        prop_assert!(!finding.to_string().is_empty());
    }
    let first_error = analysis.findings().iter().find_map(|f| {
        let error = f.kind().error()?;
        Some((error.clone(), f.span().start))
    });
    let parsed = text.parse::<StrictTransportSecurity>();
    match &parsed {
        Ok(hsts) => {
            prop_assert_eq!(analysis.policy(), Some(*hsts), "for {:?}", text);
            prop_assert_eq!(first_error, None, "for {:?}", text);
        }
        Err(error) => prop_assert_eq!(
            first_error,
            Some((error.kind().clone(), error.offset())),
            "for {:?}",
            text
        ),
    }
    match parsed {
        Ok(hsts) => {
            let printed = hsts.to_string();
            prop_assert!(is_header_safe(&printed), "unsafe output {:?}", printed);
            prop_assert_eq!(
                &printed,
                &hsts_canonical(hsts.max_age(), hsts.include_subdomains(), hsts.preload())
            );
            let again: StrictTransportSecurity = printed
                .parse()
                .map_err(|e| TestCaseError::fail(format!("{printed:?} does not parse: {e}")))?;
            prop_assert_eq!(again, hsts);
        }
        Err(error) => {
            prop_assert!(
                error.offset() <= text.len() && text.is_char_boundary(error.offset()),
                "offset {} is not a position in {:?}",
                error.offset(),
                text
            );
            prop_assert!(!error.to_string().is_empty());
        }
    }
    Ok(())
}

fn hsts_canonical(max_age: u32, include_subdomains: bool, preload: bool) -> String {
    let mut text = format!("max-age={max_age}");
    if include_subdomains {
        text.push_str("; includeSubDomains");
    }
    if preload {
        text.push_str("; preload");
    }
    text
}

// ---------------------------------------------------------------------------------------------
// HSTS strategies.
// ---------------------------------------------------------------------------------------------

/// Max-ages around the interesting values: zero, a year, the largest.
fn max_age() -> impl Strategy<Value = u32> {
    prop_oneof![
        2 => any::<u32>(),
        1 => (ONE_YEAR - 3)..=(ONE_YEAR + 3),
        1 => select(vec![0, 1, ONE_YEAR, u32::MAX - 1, u32::MAX]),
    ]
}

/// Settings the preload rules accept.
fn valid_hsts_settings() -> impl Strategy<Value = (u32, bool, bool)> {
    prop_oneof![
        (max_age(), any::<bool>()).prop_map(|(age, include)| (age, include, false)),
        prop_oneof![ONE_YEAR..=u32::MAX, Just(ONE_YEAR)].prop_map(|age| (age, true, true)),
    ]
}

/// `max-age` written with random case, spaces around `=`, quotes and leading zeros.
fn max_age_text(max_age: u32) -> impl Strategy<Value = String> {
    (
        random_case("max-age"),
        padding(),
        padding(),
        any::<bool>(),
        "0{0,3}",
    )
        .prop_map(move |(name, before, after, quoted, zeros)| {
            let quote = if quoted { "\"" } else { "" };
            format!("{name}{before}={after}{quote}{zeros}{max_age}{quote}")
        })
}

/// A valid header: its settings and the text, directives in random order.
fn hsts_header() -> impl Strategy<Value = ((u32, bool, bool), String)> {
    valid_hsts_settings().prop_flat_map(|(age, include, preload)| {
        let mut directives = vec![max_age_text(age).boxed()];
        if include {
            directives.push(random_case("includeSubDomains").boxed());
        }
        if preload {
            directives.push(random_case("preload").boxed());
        }
        let count = directives.len();
        (
            directives.prop_shuffle(),
            vec((padding(), padding(), separator()), count),
            prop_oneof![Just(""), Just(";"), Just(" ; ")],
        )
            .prop_map(move |(directives, spacing, trailing)| {
                let mut text = String::new();
                for (i, (directive, (lead, trail, separator))) in
                    directives.iter().zip(&spacing).enumerate()
                {
                    if i > 0 {
                        text.push_str(separator);
                    }
                    text.push_str(lead);
                    text.push_str(directive);
                    text.push_str(trail);
                }
                ((age, include, preload), text + trailing)
            })
    })
}

// ---------------------------------------------------------------------------------------------
// One defect in a valid policy, and the error it must cause.
// ---------------------------------------------------------------------------------------------

/// A single thing wrong, made in a valid policy.
#[derive(Debug, Clone)]
enum Defect {
    /// `'none'` added to a source list that has other sources.
    NoneWithOthers(Index),
    /// `'strict-dynamic'` in a source list without nonce or hash.
    StrictDynamicAlone,
    /// `self` without quotes added to a source list.
    UnquotedKeyword(Index),
    /// A directive repeated, in upper case, at the end.
    Duplicate(Index),
    /// A directive name misspelled.
    UnknownName(Index),
    /// A `,` somewhere in the text.
    Comma(Index),
    /// A control or non-ASCII character somewhere in the text.
    Character(Index, char),
}

fn defect() -> impl Strategy<Value = Defect> {
    let index = any::<Index>;
    prop_oneof![
        index().prop_map(Defect::NoneWithOthers),
        Just(Defect::StrictDynamicAlone),
        index().prop_map(Defect::UnquotedKeyword),
        index().prop_map(Defect::Duplicate),
        index().prop_map(Defect::UnknownName),
        index().prop_map(Defect::Comma),
        (
            index(),
            select(vec![
                '\r', '\n', '\0', '\u{b}', '\u{7f}', '\u{85}', 'é', '\u{2028}'
            ])
        )
            .prop_map(|(at, c)| Defect::Character(at, c)),
    ]
}

/// A source-list directive of the model to spoil, or `img-src` added for the purpose.
fn source_list_at(model: &mut Model, at: Index) -> &mut Vec<Val> {
    let lists: Vec<usize> = (0..model.len())
        .filter(|&i| model[i].0.grammar() == ValueGrammar::SourceList)
        .collect();
    let i = if lists.is_empty() {
        model.push((DirectiveName::ImgSrc, Vec::new()));
        model.len() - 1
    } else {
        lists[at.index(lists.len())]
    };
    &mut model[i].1
}

fn keyword_val(keyword: Keyword) -> Val {
    Val::same(format!("'{}'", keyword.name()), Kind::Keyword(keyword))
}

/// The text with the defect, and the error kind and offset (when it is known) it must cause.
fn spoil(mut model: Model, defect: &Defect) -> (String, CspErrorKind, Option<usize>) {
    let self_val = || keyword_val(Keyword::SelfOrigin);
    let kind = match *defect {
        Defect::NoneWithOthers(at) => {
            let list = source_list_at(&mut model, at);
            if list.is_empty() || list[0].kind == Kind::Keyword(Keyword::None) {
                *list = vec![self_val()];
            }
            let at = at.index(list.len() + 1);
            list.insert(at, keyword_val(Keyword::None));
            CspErrorKind::NoneWithOtherSources
        }
        Defect::StrictDynamicAlone => {
            let values = vec![self_val(), keyword_val(Keyword::StrictDynamic)];
            match model
                .iter_mut()
                .find(|(n, _)| *n == DirectiveName::ScriptSrc)
            {
                Some((_, list)) => *list = values,
                None => model.push((DirectiveName::ScriptSrc, values)),
            }
            CspErrorKind::StrictDynamicWithoutNonceOrHash
        }
        Defect::UnquotedKeyword(at) => {
            let list = source_list_at(&mut model, at);
            *list = vec![Val::same("self".to_owned(), Kind::Host)];
            CspErrorKind::UnquotedKeyword(Keyword::SelfOrigin)
        }
        Defect::Duplicate(at) => {
            let (name, values) = model[at.index(model.len())].clone();
            let canonical = render(&vec![(name, values)], "'nonce'").to_ascii_uppercase();
            let text = format!("{}; {canonical}", render(&model, "'nonce'"));
            return (text, CspErrorKind::DuplicateDirective(name), None);
        }
        Defect::UnknownName(at) => {
            let i = at.index(model.len());
            let name = model[i].0.as_str();
            let misspelled = format!("x-{name}");
            let mut directives: Vec<String> = model
                .iter()
                .map(|(n, vs)| render(&vec![(*n, vs.clone())], "'nonce'"))
                .collect();
            directives[i] = directives[i].replacen(name, &misspelled, 1);
            let kind = CspErrorKind::UnknownDirective {
                name: misspelled,
                suggestion: Some(name),
            };
            return (directives.join("; "), kind, None);
        }
        Defect::Comma(at) | Defect::Character(at, _) => {
            let mut text = render(&model, "'nonce'");
            let places: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let i = places[at.index(places.len())];
            let (c, kind) = match *defect {
                Defect::Character(_, c) => (c, CspErrorKind::InvalidCharacter(c)),
                _ => (',', CspErrorKind::Comma),
            };
            text.insert(i, c);
            return (text, kind, Some(i));
        }
    };
    (render(&model, "'nonce'"), kind, None)
}

// ---------------------------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(512))]

    /// (a) A valid policy, however it is cased and spaced, parses to its canonical text, and
    /// the canonical text is a fixed point of parse-and-print.
    #[test]
    fn valid_policies_parse_and_print_canonically(generated in generated_policy()) {
        let Generated { header, model, canonical } = generated;
        let policy: ContentSecurityPolicy = header
            .parse()
            .map_err(|e| TestCaseError::fail(format!("{header:?} was rejected: {e}")))?;
        prop_assert_eq!(policy.as_str(), &canonical);
        prop_assert_eq!(policy.to_string(), canonical.as_str());

        // The structure follows the model: names in order, each value of the expected kind.
        prop_assert_eq!(policy.directives().len(), model.len());
        for (directive, (name, values)) in policy.directives().iter().zip(&model) {
            prop_assert_eq!(directive.name(), *name);
            let kinds: Vec<Option<Kind>> =
                directive.values().iter().map(|v| Kind::of(v.kind())).collect();
            let expected: Vec<Option<Kind>> = values.iter().map(|v| Some(v.kind)).collect();
            prop_assert_eq!(kinds, expected, "values of {}", name);
            prop_assert_eq!(policy.get(*name), Some(directive));
        }
        let has_nonce = model.iter().any(|(_, vs)| vs.iter().any(|v| v.kind == Kind::Nonce));
        prop_assert_eq!(policy.needs_nonce(), has_nonce);

        let again: ContentSecurityPolicy = policy
            .as_str()
            .parse()
            .map_err(|e| TestCaseError::fail(format!("{:?} was rejected: {e}", policy.as_str())))?;
        prop_assert_eq!(again.as_str(), policy.as_str());
        prop_assert_eq!(again, policy);
    }

    /// (d) Joining the nonce template with a nonce gives the header with that nonce in place of
    /// each placeholder.
    #[test]
    fn nonce_template_joined_is_the_header_with_the_nonce(
        generated in policy_with_nonce(),
        nonce in "[A-Za-z0-9+/]{22}==",
    ) {
        let policy: ContentSecurityPolicy = generated
            .header
            .parse()
            .map_err(|e| TestCaseError::fail(format!("{:?} was rejected: {e}", generated.header)))?;
        prop_assert_eq!(policy.as_str(), &generated.canonical);
        prop_assert!(policy.needs_nonce());

        let placeholders = generated
            .model
            .iter()
            .flat_map(|(_, vs)| vs)
            .filter(|v| v.kind == Kind::Nonce)
            .count();
        let template = policy.nonce_template();
        prop_assert_eq!(template.len(), placeholders + 1);

        let value = format!("'nonce-{nonce}'");
        let joined = template.join(value.as_str());
        prop_assert_eq!(&joined, &render(&generated.model, &value));
        // A host path or report URI may contain `'nonce'` itself; only then do the two differ.
        if policy.as_str().matches("'nonce'").count() == placeholders {
            prop_assert_eq!(&joined, &policy.as_str().replace("'nonce'", &value));
        }
        prop_assert!(is_header_safe(&joined));

        // The same with a nonce as the middleware makes them.
        if let Some(fresh) = fresh_nonce() {
            let value = format!("'nonce-{fresh}'");
            prop_assert_eq!(template.join(&value), render(&generated.model, &value));
        }
    }

    /// A valid policy with one defect is rejected, with the error of that defect (and, where
    /// the defect is at a known place, its offset).
    #[test]
    fn single_defects_are_rejected_with_their_error(model in model(), defect in defect()) {
        let (text, kind, offset) = spoil(model, &defect);
        match text.parse::<ContentSecurityPolicy>() {
            Ok(policy) => prop_assert!(false, "{:?} was accepted as {:?}", text, policy.as_str()),
            Err(error) => {
                prop_assert_eq!(error.kind(), &kind, "for {:?}", text);
                if let Some(offset) = offset {
                    prop_assert_eq!(error.offset(), offset, "for {:?}", text);
                }
            }
        }
    }

    /// (c) A valid HSTS header, however cased, spaced, quoted and ordered, parses to its
    /// settings and prints canonically.
    #[test]
    fn valid_hsts_headers_round_trip(((age, include, preload), text) in hsts_header()) {
        let hsts: StrictTransportSecurity = text
            .parse()
            .map_err(|e| TestCaseError::fail(format!("{text:?} was rejected: {e}")))?;
        prop_assert_eq!(hsts, StrictTransportSecurity::new(age, include, preload).unwrap());
        prop_assert_eq!(
            (hsts.max_age(), hsts.include_subdomains(), hsts.preload()),
            (age, include, preload)
        );
        let printed = hsts.to_string();
        prop_assert_eq!(&printed, &hsts_canonical(age, include, preload));
        prop_assert_eq!(printed.parse::<StrictTransportSecurity>().ok(), Some(hsts));
    }
}

proptest! {
    #![proptest_config(config(2048))]

    /// (b) The CSP parser never panics, and what it accepts prints safely and parses back.
    #[test]
    fn csp_parser_is_total_and_its_output_is_safe(text in csp_text()) {
        check_csp(&text)?;
    }

    /// The runtime parser reads text of visible ASCII, spaces and tabs in one pass, keeping
    /// text already in the canonical form as its header; it gives exactly what the validator
    /// the macros use gives for the same text split into written directives: the same
    /// policy (header text included), or the same errors at the same offsets.
    #[test]
    fn the_one_pass_parser_agrees_with_the_written_directive_validator(
        text in prop_oneof![csp_like(), near_canonical()],
    ) {
        let plain = text
            .bytes()
            .all(|b| (b.is_ascii_graphic() && b != b',') || b == b' ' || b == b'\t');
        if !plain {
            // Then `parse_header` reports only the characters, which its unit tests check.
            return Ok(());
        }
        let one_pass = parse_header(&text);
        let written = build(None, split_directives(&text), 0);
        prop_assert_eq!(&one_pass, &written, "{:?}", text);
        if let Ok(policy) = one_pass {
            let directives: Vec<Directive> = policy.directives().to_vec();
            prop_assert_eq!(policy.as_str(), render_directives(&directives));
        }
    }

    /// (b) The same for the HSTS parser.
    #[test]
    fn hsts_parser_is_total_and_its_output_is_safe(text in hsts_text()) {
        check_hsts(&text)?;
    }

    /// (c) `new` enforces exactly the preload list's rules, and what it makes round-trips.
    #[test]
    fn hsts_new_accepts_exactly_the_preloadable(
        age in max_age(),
        include in any::<bool>(),
        preload in any::<bool>(),
    ) {
        let made = StrictTransportSecurity::new(age, include, preload);
        let valid = !preload || (include && age >= 31_536_000);
        prop_assert_eq!(made.is_ok(), valid, "new({}, {}, {}) = {:?}", age, include, preload, made);
        prop_assert_eq!(
            secure_core::hsts::problems(age, include, preload).next().is_none(),
            valid
        );
        if let Ok(hsts) = made {
            prop_assert_eq!(hsts.to_string(), hsts_canonical(age, include, preload));
            prop_assert_eq!(hsts.to_string().parse::<StrictTransportSecurity>(), Ok(hsts));
        }
    }
}

/// The biased strategies must reach the `Ok` branch of the properties above, or those would
/// check nothing.
#[test]
fn text_strategies_reach_valid_headers() {
    fn share_ok<T: std::str::FromStr>(strategy: impl Strategy<Value = String>) -> usize {
        let mut runner = TestRunner::deterministic();
        (0..1000)
            .filter(|_| {
                let text = strategy.new_tree(&mut runner).unwrap().current();
                text.parse::<T>().is_ok()
            })
            .count()
    }
    let csp = share_ok::<ContentSecurityPolicy>(csp_text());
    let hsts = share_ok::<StrictTransportSecurity>(hsts_text());
    eprintln!("of 1000 texts each, {csp} are policies and {hsts} are HSTS headers");
    assert!(csp >= 100, "only {csp} of 1000 texts parse as CSP");
    assert!(hsts >= 100, "only {hsts} of 1000 texts parse as HSTS");
}

/// The oracle the generators use agrees with the parser on every directive and keyword, in
/// both directions: what it allows parses, what it forbids is rejected.
#[test]
fn keyword_nonce_and_hash_scopes_match_the_oracle() {
    let hash = HashAlgorithm::Sha256.hash_source("alert(1)");
    for &directive in DirectiveName::ALL {
        if directive.grammar() != ValueGrammar::SourceList {
            continue;
        }
        let scope = scope(directive);
        let parse = |value: &str| format!("{directive} {value}").parse::<ContentSecurityPolicy>();
        for &keyword in SOURCE_KEYWORDS.iter().chain(OTHER_KEYWORDS) {
            // `'strict-dynamic'` needs a nonce beside it.
            let text = match keyword {
                Keyword::StrictDynamic => format!("{keyword} 'nonce'"),
                _ => keyword.to_string(),
            };
            let expected = SOURCE_KEYWORDS.contains(&keyword) && keyword_allowed(keyword, scope);
            let parsed = parse(&text);
            assert_eq!(parsed.is_ok(), expected, "`{directive} {text}`: {parsed:?}");
        }
        let expected = nonce_and_hash_allowed(scope);
        assert_eq!(parse("'nonce'").is_ok(), expected, "`{directive} 'nonce'`");
        assert_eq!(parse(&hash).is_ok(), expected, "`{directive} {hash}`");
    }
    // Every keyword is in one of the two lists above.
    for keyword in Keyword::ALL {
        assert!(
            SOURCE_KEYWORDS.contains(keyword) || OTHER_KEYWORDS.contains(keyword),
            "{keyword} is new: add it to tests/properties.rs"
        );
    }
}

/// `example.com/a://b` is a host source by the CSP grammar (`path-part` is RFC 3986's
/// `path-abempty`, whose segments may hold `:` and `/`): a `://` after the host is part of
/// the path, not the end of a scheme. (Found by the properties above.)
#[test]
fn a_host_source_path_may_contain_a_scheme_separator() {
    for text in [
        "img-src example.com/a://b",
        "img-src *:443/x://y",
        "img-src https://example.com/redirect/https://cdn.example.com",
    ] {
        let policy: Result<ContentSecurityPolicy, _> = text.parse();
        assert_eq!(policy.as_ref().map(|p| p.as_str()), Ok(text), "{policy:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// `csp::analyze`: other people's headers, read as a browser reads them.
// ---------------------------------------------------------------------------------------------

/// Up to three texts joined as a policy list.
fn csp_list<S: Strategy<Value = String>>(part: S) -> impl Strategy<Value = String> {
    (
        vec(part, 1..4),
        vec(prop_oneof![Just(","), Just(", "), Just(" ,\t")], 3),
    )
        .prop_map(|(parts, commas)| {
            let mut text = String::new();
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    text.push_str(commas[i - 1]);
                }
                text.push_str(part);
            }
            text
        })
}

/// Findings that describe what stays in the enforced policy, so reading its text again
/// finds them again; the others are about something the enforced policy left out.
fn persists(effect: Effect) -> bool {
    matches!(
        effect,
        Effect::ReadAsHost | Effect::LiteralNonce | Effect::EnforcedAsWritten
    )
}

proptest! {
    #![proptest_config(config(1024))]

    /// (d) `analyze` never fails or panics; its spans are positions in the text; what it
    /// enforces is safe header text, and reading that text again enforces the same policy
    /// and drops nothing more.
    #[test]
    fn analyze_is_total_and_idempotent(text in prop_oneof![csp_text(), csp_list(csp_text())]) {
        let analysis = analyze(&text);
        for finding in analysis.findings() {
            let span = finding.span();
            prop_assert!(
                span.start <= span.end && span.end <= text.len()
                    && text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "span {:?} of {} in {:?}", span, finding, text
            );
            prop_assert!(!finding.to_string().is_empty());
        }
        for analyzed in analysis.policies() {
            let printed = analyzed.policy().as_str();
            prop_assert!(is_header_safe(printed), "unsafe output {:?} from {:?}", printed, text);
            let again = analyze(printed);
            prop_assert_eq!(again.policies().len(), 1, "{:?} from {:?}", printed, text);
            prop_assert_eq!(again.policies()[0].policy(), analyzed.policy());
            for finding in again.findings() {
                prop_assert!(persists(finding.effect()), "{} in {:?} from {:?}", finding, printed, text);
            }
        }
    }

    /// (e) A header the strict parser accepts (without the `'nonce'` placeholder, which
    /// browsers would not understand) is read into the same policies with no finding.
    #[test]
    fn analyze_agrees_with_the_strict_parser_on_what_it_accepts(
        text in csp_list(generated_policy().prop_map(|g| g.header))
    ) {
        let strict: PolicyList = text.parse().map_err(|e| {
            TestCaseError::fail(format!("generated {text:?} does not parse: {e}"))
        })?;
        prop_assume!(strict.policies().iter().all(|p| !p.needs_nonce()));
        let analysis = analyze(&text);
        prop_assert_eq!(analysis.findings(), &[], "{:?}", text);
        prop_assert_eq!(analysis.to_policy_list(), Some(strict));
    }
}

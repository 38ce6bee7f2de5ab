//! Reading someone else's Content-Security-Policy header as a browser does (CSP3 §2.2,
//! "parse a serialized CSP list"): nothing is refused, what a browser drops is dropped, and
//! every oddity becomes a finding. Authoring stays strict: this is for headers you did not
//! write (an audit, a migration, a policy pasted from a site that runs today).

use super::build::unknown_name_problem;
use super::directive::{DirectiveName, ValueGrammar};
use super::error::{CspErrorKind, Syntax};
use super::keyword::Keyword;
use super::lint::Finding;
use super::list::PolicyList;
use super::policy::{ContentSecurityPolicy, Directive};
use super::value::Value;
use std::fmt;
use std::ops::Range;

/// What a browser does with the part of the header a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Effect {
    /// The value is ignored; the rest of the directive applies.
    ValueIgnored,
    /// The word is read as a host name (an unquoted `self` allows a host called `self`).
    ReadAsHost,
    /// The directive is ignored: unknown, obsolete, repeated or unreadable.
    DirectiveIgnored,
    /// The whole policy is ignored: it has no directive a browser enforces.
    PolicyIgnored,
    /// A literal nonce is enforced as written: whatever carries that exact nonce runs.
    LiteralNonce,
    /// Enforced as written, with a consequence the author probably did not mean.
    EnforcedAsWritten,
}

impl fmt::Display for Effect {
    /// What a browser does, in a few words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ValueIgnored => "a browser ignores this value",
            Self::ReadAsHost => "a browser reads this as a host name",
            Self::DirectiveIgnored => "a browser ignores this directive",
            Self::PolicyIgnored => "a browser ignores this policy",
            Self::LiteralNonce => "a browser allows whatever carries this exact nonce",
            Self::EnforcedAsWritten => "a browser enforces this as written",
        })
    }
}

/// One oddity of an analyzed header: where it is, what the strict parser would say of it, and
/// what a browser does with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisFinding {
    span: Range<usize>,
    problem: CspErrorKind,
    effect: Effect,
}

impl AnalysisFinding {
    /// The bytes of the header it is about.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// What the strict parser (`str::parse`, `csp!`) refuses in it.
    pub fn problem(&self) -> &CspErrorKind {
        &self.problem
    }

    /// What a browser does with it.
    pub fn effect(&self) -> Effect {
        self.effect
    }
}

impl fmt::Display for AnalysisFinding {
    /// `<effect>: <problem> (at bytes <start>..<end>)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (at bytes {}..{})",
            self.effect,
            self.problem.message(Syntax::Header),
            self.span.start,
            self.span.end
        )
    }
}

/// One policy of an analyzed header, as a browser enforces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedPolicy {
    span: Range<usize>,
    policy: ContentSecurityPolicy,
    lints: Vec<Finding>,
}

impl AnalyzedPolicy {
    /// The bytes of the header this policy was read from.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The directives a browser enforces, with the values it keeps. Literal nonces are kept
    /// as written ([`ValueKind::LiteralNonce`](super::ValueKind::LiteralNonce)); a policy
    /// sent by `SecurityHeaders` gets a fresh nonce in their place.
    pub fn policy(&self) -> &ContentSecurityPolicy {
        &self.policy
    }

    /// The lint findings of this policy on its own.
    pub fn lints(&self) -> &[Finding] {
        &self.lints
    }
}

/// A Content-Security-Policy header as a browser reads it: [`analyze`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CspAnalysis {
    policies: Vec<AnalyzedPolicy>,
    findings: Vec<AnalysisFinding>,
}

impl CspAnalysis {
    /// The policies a browser enforces, in the order written; empty when it enforces none.
    pub fn policies(&self) -> &[AnalyzedPolicy] {
        &self.policies
    }

    /// Every oddity, in the order of the header.
    pub fn findings(&self) -> &[AnalysisFinding] {
        &self.findings
    }

    /// The enforced policies as a list; `None` when a browser enforces none.
    pub fn to_policy_list(&self) -> Option<PolicyList> {
        PolicyList::new(self.policies.iter().map(|p| p.policy.clone()).collect())
    }
}

/// Reads a Content-Security-Policy header as a browser does, never failing.
///
/// Several comma-separated policies are each read. Within a policy, what a browser ignores
/// is left out of the result and reported as a finding: unknown, obsolete and repeated
/// directives, directives with non-ASCII text, invalid values and keywords that mean nothing
/// where they stand, `'none'` beside other sources. Words the strict grammar refuses but a
/// browser reads as host names (an unquoted `self`, `nonce-…` or directive name) are kept as
/// hosts, and literal nonces as literal nonces, each with a finding. Each policy comes with its
/// lint findings.
///
/// `str::parse` and `csp!` stay strict: a header they accept (with no `'nonce'` placeholder)
/// is read here into the same policies with no finding.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::csp::{Effect, analyze};
/// let header = "script-src 'nonce-r4nd0m' 'strict-dynamic' 'unsafe-inline'; \
///               style-src 'self' 'unsafe-eval'; img-src self; prefetch-src 'self', \
///               frame-ancestors 'none'";
/// let analysis = analyze(header);
/// let policies: Vec<&str> = analysis.policies().iter().map(|p| p.policy().as_str()).collect();
/// assert_eq!(
///     policies,
///     [
///         "script-src 'nonce-r4nd0m' 'strict-dynamic' 'unsafe-inline'; style-src 'self'; img-src self",
///         "frame-ancestors 'none'",
///     ]
/// );
/// let effects: Vec<Effect> = analysis.findings().iter().map(|f| f.effect()).collect();
/// assert_eq!(
///     effects,
///     [Effect::LiteralNonce, Effect::ValueIgnored, Effect::ReadAsHost, Effect::DirectiveIgnored]
/// );
/// assert_eq!(
///     analysis.findings()[2].to_string(),
///     "a browser reads this as a host name: `self` without quotes is a host name; did you mean `'self'`? (at bytes 100..104)"
/// );
/// ```
pub fn analyze(header: &str) -> CspAnalysis {
    let mut analysis = CspAnalysis {
        policies: Vec::new(),
        findings: Vec::new(),
    };
    for (part, part_at) in split_with_offsets(header, ',') {
        let span = trimmed_span(part, part_at);
        let directives = read_policy(part, part_at, &mut analysis.findings);
        if directives.is_empty() {
            analysis.findings.push(AnalysisFinding {
                span,
                problem: CspErrorKind::EmptyPolicy,
                effect: Effect::PolicyIgnored,
            });
            continue;
        }
        let policy = ContentSecurityPolicy::from_directives(directives);
        let lints = policy.lint();
        analysis.policies.push(AnalyzedPolicy {
            span,
            policy,
            lints,
        });
    }
    analysis
}

/// The directives a browser enforces from one policy's text.
fn read_policy(text: &str, base: usize, findings: &mut Vec<AnalysisFinding>) -> Vec<Directive> {
    let mut directives: Vec<Directive> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (token, token_at) in split_with_offsets(text, ';') {
        let span = trimmed_span(token, base + token_at);
        let trimmed = &text[span.start - base..span.end - base];
        if trimmed.is_empty() {
            continue;
        }
        let ignore = |problem| AnalysisFinding {
            span: span.clone(),
            problem,
            effect: Effect::DirectiveIgnored,
        };
        if let Some(c) = trimmed.chars().find(|c| !c.is_ascii()) {
            findings.push(ignore(CspErrorKind::InvalidCharacter(c)));
            continue;
        }
        let words = words(trimmed, span.start);
        let (name, name_span) = &words[0];
        let lower = name.to_ascii_lowercase();
        if seen.contains(&lower) {
            let problem = match DirectiveName::from_name(name) {
                Some(known) => CspErrorKind::DuplicateDirective(known),
                None => unknown_name_problem(name),
            };
            findings.push(AnalysisFinding {
                span: name_span.clone(),
                ..ignore(problem)
            });
            continue;
        }
        seen.push(lower);
        let Some(directive) = DirectiveName::from_name(name) else {
            findings.push(AnalysisFinding {
                span: name_span.clone(),
                ..ignore(unknown_name_problem(name))
            });
            continue;
        };
        if let Some(values) = read_values(directive, name_span, &words[1..], findings) {
            directives.push(Directive::owned(directive, values));
        }
    }
    directives
}

/// The values a browser keeps of one directive.
fn read_values(
    directive: DirectiveName,
    name_span: &Range<usize>,
    words: &[(&str, Range<usize>)],
    findings: &mut Vec<AnalysisFinding>,
) -> Option<Vec<Value>> {
    let grammar = directive.grammar();
    let finding = |span: Range<usize>, problem, effect| AnalysisFinding {
        span,
        problem,
        effect,
    };
    let over = |words: &[(&str, Range<usize>)]| {
        words.first().map_or(0, |w| w.1.start)..words.last().map_or(0, |w| w.1.end)
    };
    if grammar == ValueGrammar::Empty {
        if !words.is_empty() {
            findings.push(finding(
                over(words),
                CspErrorKind::UnexpectedValue(directive),
                Effect::ValueIgnored,
            ));
        }
        return Some(Vec::new());
    }
    if words.is_empty() && grammar.needs_value() {
        let source_list = grammar == ValueGrammar::SourceList;
        findings.push(finding(
            name_span.clone(),
            CspErrorKind::MissingValue(directive),
            if source_list {
                Effect::EnforcedAsWritten
            } else {
                Effect::DirectiveIgnored
            },
        ));
        return source_list.then(Vec::new);
    }
    let words = if grammar.takes_one() && words.len() > 1 {
        findings.push(finding(
            over(&words[1..]),
            CspErrorKind::TooManyValues(directive),
            Effect::ValueIgnored,
        ));
        &words[..1]
    } else {
        words
    };
    let mut kept: Vec<(Value, Range<usize>)> = Vec::new();
    for (word, span) in words {
        match read_value(directive, word) {
            Ok((value, None)) => kept.push((value, span.clone())),
            Ok((value, Some((problem, effect)))) => {
                findings.push(finding(span.clone(), problem, effect));
                kept.push((value, span.clone()));
            }
            Err(problem) => findings.push(finding(span.clone(), problem, Effect::ValueIgnored)),
        }
    }
    if kept.is_empty() && grammar.needs_value() {
        // Every value was dropped: an empty source list allows nothing; the other
        // directives without their value are ignored.
        let source_list = grammar == ValueGrammar::SourceList;
        findings.push(finding(
            name_span.clone(),
            CspErrorKind::MissingValue(directive),
            if source_list {
                Effect::EnforcedAsWritten
            } else {
                Effect::DirectiveIgnored
            },
        ));
        if !source_list {
            return None;
        }
    }
    // `'none'` beside other sources matches nothing while they match: every `'none'` goes.
    if kept.iter().any(|(v, _)| !v.is_keyword(Keyword::None)) {
        kept.retain(|(v, span)| {
            let none = v.is_keyword(Keyword::None);
            if none {
                findings.push(finding(
                    span.clone(),
                    CspErrorKind::NoneWithOtherSources,
                    Effect::ValueIgnored,
                ));
            }
            !none
        });
    }
    let has_nonce_or_hash = kept.iter().any(|(v, _)| v.is_nonce() || v.is_hash());
    if let Some((_, span)) = kept
        .iter()
        .find(|(v, _)| v.is_keyword(Keyword::StrictDynamic))
        && !has_nonce_or_hash
    {
        findings.push(finding(
            span.clone(),
            CspErrorKind::StrictDynamicWithoutNonceOrHash,
            Effect::EnforcedAsWritten,
        ));
    }
    Some(kept.into_iter().map(|(v, _)| v).collect())
}

/// A value a browser keeps, with the finding it deserves if any; or why it drops it.
fn read_value(
    directive: DirectiveName,
    word: &str,
) -> Result<(Value, Option<(CspErrorKind, Effect)>), CspErrorKind> {
    match Value::parse(directive, word) {
        Ok(value) if value.is_nonce_placeholder() => Err(CspErrorKind::NoncePlaceholder),
        Ok(value) => Ok((value, None)),
        Err(CspErrorKind::ConstantNonce) => {
            // Nonces count only where the placeholder would be accepted.
            Value::parse(directive, "'nonce'")?;
            let nonce = &word["'nonce-".len()..word.len() - 1];
            if !is_base64_value(nonce) {
                return Err(CspErrorKind::InvalidValue {
                    directive,
                    value: word.to_owned(),
                    expected: "a nonce of base64 characters, such as `'nonce-r4nd0m'`",
                });
            }
            Ok((
                Value::literal_nonce(nonce),
                Some((CspErrorKind::ConstantNonce, Effect::LiteralNonce)),
            ))
        }
        Err(
            problem @ (CspErrorKind::UnquotedKeyword(_)
            | CspErrorKind::UnquotedNonce(_)
            | CspErrorKind::UnquotedHash(_)
            | CspErrorKind::DirectiveNameAsSource(_)),
        ) => Ok((
            Value::host_as_read(word),
            Some((problem, Effect::ReadAsHost)),
        )),
        Err(problem) => Err(problem),
    }
}

/// CSP's `base64-value`: base64 or base64url characters, then at most two `=`.
fn is_base64_value(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    !body.is_empty()
        && text.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
}

/// ASCII whitespace as CSP3 strips and splits on it.
fn is_ascii_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// The parts of `text` between `separator`s, each with its byte offset.
fn split_with_offsets(text: &str, separator: char) -> impl Iterator<Item = (&str, usize)> {
    let mut at = 0;
    text.split(separator).map(move |part| {
        let start = at;
        at += part.len() + separator.len_utf8();
        (part, start)
    })
}

/// The span of `part` (at `base`) without its leading and trailing ASCII whitespace.
fn trimmed_span(part: &str, base: usize) -> Range<usize> {
    let start = part.len() - part.trim_start_matches(is_ascii_whitespace).len();
    let end = part.trim_end_matches(is_ascii_whitespace).len().max(start);
    base + start..base + end
}

/// The words of an ASCII directive, each with its span in the header.
fn words(text: &str, base: usize) -> Vec<(&str, Range<usize>)> {
    let mut words = Vec::new();
    let mut at = 0;
    for word in text.split(is_ascii_whitespace) {
        if !word.is_empty() {
            words.push((word, base + at..base + at + word.len()));
        }
        at += word.len() + 1;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csp::ValueKind;

    fn enforced(header: &str) -> Vec<String> {
        analyze(header)
            .policies()
            .iter()
            .map(|p| p.policy().as_str().to_owned())
            .collect()
    }

    fn effects(header: &str) -> Vec<(Effect, &str)> {
        analyze(header)
            .findings()
            .iter()
            .map(|f| (f.effect(), &header[f.span()]))
            .collect()
    }

    #[test]
    fn a_header_the_strict_parser_accepts_has_no_finding() {
        let header = "default-src 'none'; script-src 'sha256-mqWntQHJ3q1ZXryS9gia9qIprEhEypVch4flpdhujzQ=' 'strict-dynamic'; img-src 'self' https://*.example.com:443/a; base-uri 'none'";
        let analysis = analyze(header);
        assert_eq!(analysis.findings(), []);
        assert_eq!(
            analysis.to_policy_list(),
            Some(header.parse::<PolicyList>().unwrap())
        );
    }

    #[test]
    fn literal_nonces_are_kept_and_count_as_nonces() {
        let analysis = analyze(
            "script-src 'nonce-abc+/_-==' 'unsafe-inline'; object-src 'none'; base-uri 'none'",
        );
        let policy = analysis.policies()[0].policy();
        assert_eq!(
            policy.get(DirectiveName::ScriptSrc).unwrap().values()[0].kind(),
            ValueKind::LiteralNonce("abc+/_-==")
        );
        // 'unsafe-inline' is neutralised by the nonce, as browsers do.
        assert_eq!(analysis.policies()[0].lints(), []);
        assert_eq!(
            effects("script-src 'nonce-a b' 'self'; worker-src 'nonce-abc'; style-src 'nonce-a=b'"),
            [
                (Effect::ValueIgnored, "'nonce-a"),
                (Effect::ValueIgnored, "b'"),
                (Effect::ValueIgnored, "'nonce-abc'"),
                (Effect::EnforcedAsWritten, "worker-src"),
                (Effect::ValueIgnored, "'nonce-a=b'"),
                (Effect::EnforcedAsWritten, "style-src"),
            ]
        );
    }

    /// Each kind of header the strict parser refuses on real sites, as a browser reads it.
    #[test]
    fn real_world_mistakes_are_read_as_browsers_read_them() {
        /// A header, the policies a browser enforces, and each finding's effect and text.
        type Case<'a> = (&'a str, &'a [&'a str], &'a [(Effect, &'a str)]);
        let cases: &[Case] = &[
            (
                "default-src 'self', script-src 'self' https://cdn.example.com",
                &[
                    "default-src 'self'",
                    "script-src 'self' https://cdn.example.com",
                ],
                &[],
            ),
            (
                "style-src 'self' 'unsafe-eval'; img-src 'self' 'unsafe-inline' data:",
                &["style-src 'self'; img-src 'self' data:"],
                &[
                    (Effect::ValueIgnored, "'unsafe-eval'"),
                    (Effect::ValueIgnored, "'unsafe-inline'"),
                ],
            ),
            (
                "default-src self; script-src \u{2018}self\u{2019}",
                &["default-src self"],
                &[
                    (Effect::ReadAsHost, "self"),
                    (Effect::DirectiveIgnored, "script-src \u{2018}self\u{2019}"),
                ],
            ),
            (
                "img-src 'https://img.example.com' /static/ 'self'",
                &["img-src 'self'"],
                &[
                    (Effect::ValueIgnored, "'https://img.example.com'"),
                    (Effect::ValueIgnored, "/static/"),
                ],
            ),
            (
                "img-src 'self' font-src 'self'; img-src data:; IMG-SRC *",
                &["img-src 'self' font-src 'self'"],
                &[
                    (Effect::ReadAsHost, "font-src"),
                    (Effect::DirectiveIgnored, "img-src"),
                    (Effect::DirectiveIgnored, "IMG-SRC"),
                ],
            ),
            (
                "object-src 'none' 'self' 'NONE'; prefetch-src 'self'; img-scr 'self'; plugin-types application/pdf",
                &["object-src 'self'"],
                &[
                    (Effect::ValueIgnored, "'none'"),
                    (Effect::ValueIgnored, "'NONE'"),
                    (Effect::DirectiveIgnored, "prefetch-src"),
                    (Effect::DirectiveIgnored, "img-scr"),
                    (Effect::DirectiveIgnored, "plugin-types"),
                ],
            ),
            (
                "script-src 'nonce' 'strict-dynamic'; upgrade-insecure-requests 1; report-to a b",
                &["script-src 'strict-dynamic'; upgrade-insecure-requests; report-to a"],
                &[
                    (Effect::ValueIgnored, "'nonce'"),
                    (Effect::EnforcedAsWritten, "'strict-dynamic'"),
                    (Effect::ValueIgnored, "1"),
                    (Effect::ValueIgnored, "b"),
                ],
            ),
            (
                "frame-ancestors 'none',, ; ,sandbox allow-scripts allow-scrips",
                &["frame-ancestors 'none'", "sandbox allow-scripts"],
                &[
                    (Effect::PolicyIgnored, ""),
                    (Effect::PolicyIgnored, ";"),
                    (Effect::ValueIgnored, "allow-scrips"),
                ],
            ),
            ("", &[], &[(Effect::PolicyIgnored, "")]),
            (
                "bogus-directive 'self'",
                &[],
                &[
                    (Effect::DirectiveIgnored, "bogus-directive"),
                    (Effect::PolicyIgnored, "bogus-directive 'self'"),
                ],
            ),
        ];
        for (header, policies, expected) in cases {
            assert_eq!(enforced(header), *policies, "{header}");
            assert_eq!(effects(header), *expected, "{header}");
        }
    }

    #[test]
    fn hostile_text_is_read_without_panicking() {
        for header in [
            "script-src 'self'\r\nSet-Cookie: a=b",
            "script-src 'self'\0; img-src \u{7f}",
            "\u{202e}default-src 'none'",
            "default-src 'nonce-\u{e9}'",
            ";;;,,,;",
            "'",
        ] {
            let analysis = analyze(header);
            for policy in analysis.policies() {
                let text = policy.policy().as_str();
                assert!(
                    text.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
                    "{text:?}"
                );
            }
        }
    }
}

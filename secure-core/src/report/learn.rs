//! From violations to a policy change: given a policy and the groups of violations it caused
//! (a [`ViolationAggregate`](super::ViolationAggregate), or JSON lines read with
//! [`read_json_lines`](super::read_json_lines)), the smallest change that allows what was
//! seen, each change marked with what the lints say of it.
//!
//! What is added, for what was blocked:
//!
//! | blocked | added |
//! |---|---|
//! | a URL | its origin as a host source (`https://cdn.example.com`), or its scheme (`data:`) |
//! | an inline script or style, with samples | the `'sha256-…'` of each sample shorter than 40 characters (browsers send the first 40, so a shorter one is the whole code) |
//! | an inline script or style no whole sample stands for (none sent, one cut, or the group's 8 samples kept) | `'nonce'`: give the element the per-response nonce; a [`Note`] when the directive has a nonce already (the element lacks it) |
//! | an inline event handler or `style` attribute | `'unsafe-hashes'` and the hashes of the whole samples; a [`Note`] for the rest (a nonce does not apply to attributes) |
//! | WebAssembly compilation (`wasm-eval`) | `'wasm-unsafe-eval'` |
//! | `eval` | nothing: a [`Note`] (`'unsafe-eval'` would let injected strings run as code) |
//!
//! `'unsafe-inline'` is never suggested. A change goes to the directive the browser enforced:
//! the effective directive when the policy has it, else the one it fell back to; a fallback
//! to `default-src` gets a directive of its own (copying `default-src`'s sources), so that the
//! other fetches stay as they were.

use super::{Blocked, ViolationGroup};
use crate::csp::lint::Finding;
use crate::csp::{
    ContentSecurityPolicy, CspError, Directive, DirectiveName, HashAlgorithm, Keyword, Value,
    ValueGrammar,
};
use std::fmt;

/// Browsers send at most this many characters of inline code as the sample.
const SAMPLE_LIMIT: usize = 40;

/// One change to the policy: sources added to one directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    directive: DirectiveName,
    added: Vec<Value>,
    violations: u64,
    policy: ContentSecurityPolicy,
    findings: Vec<Finding>,
}

impl Suggestion {
    /// The directive changed (or added).
    pub fn directive(&self) -> DirectiveName {
        self.directive
    }

    /// The sources added to it.
    pub fn added(&self) -> &[Value] {
        &self.added
    }

    /// How many violations it allows.
    pub fn violations(&self) -> u64 {
        self.violations
    }

    /// The policy with this change alone.
    pub fn policy(&self) -> &ContentSecurityPolicy {
        &self.policy
    }

    /// The lint findings the change brings: those of [`policy`](Self::policy) that the
    /// original policy does not have.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

/// Violations the suggestions do not allow, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// Code called `eval()`, `new Function()` or `setTimeout` with a string. Not allowed:
    /// `'unsafe-eval'` would run injected strings as code; rewrite the code instead.
    Eval {
        /// The effective directive reported.
        directive: String,
        /// Where, when reported.
        source_file: Option<String>,
        /// How many violations.
        violations: u64,
    },
    /// An inline event handler or `style` attribute without a whole sample: move it into a
    /// script or stylesheet that carries the nonce.
    InlineAttribute {
        /// The effective directive reported.
        directive: String,
        /// Where, when reported.
        source_file: Option<String>,
        /// How many violations.
        violations: u64,
    },
    /// Inline code blocked although the directive has a nonce: the element lacks the
    /// `nonce` attribute. Add it (the nonce of the response), rather than changing the policy.
    MissingNonce {
        /// The effective directive reported.
        directive: String,
        /// Where, when reported.
        source_file: Option<String>,
        /// How many violations.
        violations: u64,
    },
    /// A script URL blocked under `'strict-dynamic'`, which ignores host sources: load it
    /// from a script that has the nonce, or give its `<script>` the nonce.
    StrictDynamic {
        /// The blocked origin or scheme.
        blocked: Blocked,
        /// How many violations.
        violations: u64,
    },
    /// The policy has no directive that governs the reported one: the report came from
    /// another policy.
    NotGoverned {
        /// The effective directive reported.
        directive: String,
        /// How many violations.
        violations: u64,
    },
    /// Nothing a policy change can allow: an unknown directive, a blocked value that is not a
    /// source (`trusted-types-sink`), or a source the grammar refuses (an IPv6 host).
    Unsupported {
        /// The effective directive reported.
        directive: String,
        /// What was blocked.
        blocked: Blocked,
        /// How many violations.
        violations: u64,
    },
}

impl fmt::Display for Note {
    /// One line; text from reports is escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let escaped = |text: &str| super::Escaped(text).to_string();
        let place = |file: &Option<String>| match file {
            Some(file) => format!(" in {}", escaped(file)),
            None => String::new(),
        };
        match self {
            Self::Eval {
                directive,
                source_file,
                violations,
            } => write!(
                f,
                "{}: eval blocked {violations} time(s){}: not allowed, since 'unsafe-eval' would run injected strings as code (lint `unsafe_eval`); replace eval(), new Function() and string timers",
                escaped(directive),
                place(source_file)
            ),
            Self::InlineAttribute {
                directive,
                source_file,
                violations,
            } => write!(
                f,
                "{}: inline attribute blocked {violations} time(s){} without a whole sample: move the handler or style into a script or stylesheet with the nonce (add 'report-sample' to get hashes)",
                escaped(directive),
                place(source_file)
            ),
            Self::MissingNonce {
                directive,
                source_file,
                violations,
            } => write!(
                f,
                "{}: inline code blocked {violations} time(s){} although the policy has a nonce: give the element the response's nonce attribute",
                escaped(directive),
                place(source_file)
            ),
            Self::StrictDynamic {
                blocked,
                violations,
            } => write!(
                f,
                "{blocked} blocked {violations} time(s) under 'strict-dynamic', which ignores host sources: load it from a script that carries the nonce, or give its <script> the nonce"
            ),
            Self::NotGoverned {
                directive,
                violations,
            } => write!(
                f,
                "{}: {violations} violation(s) of a directive this policy does not set: they came from another policy",
                escaped(directive)
            ),
            Self::Unsupported {
                directive,
                blocked,
                violations,
            } => write!(
                f,
                "{}: {blocked} blocked {violations} time(s): no source allows it; fix the page",
                escaped(directive)
            ),
        }
    }
}

/// What [`suggest`] found: the changes one by one, all of them applied, and what no change
/// allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestions {
    suggestions: Vec<Suggestion>,
    policy: ContentSecurityPolicy,
    findings: Vec<Finding>,
    notes: Vec<Note>,
}

impl Suggestions {
    /// Each change, in the order of the policy's directives (new directives last).
    pub fn suggestions(&self) -> &[Suggestion] {
        &self.suggestions
    }

    /// The policy with every change applied (the original when there is none).
    pub fn policy(&self) -> &ContentSecurityPolicy {
        &self.policy
    }

    /// The lint findings of [`policy`](Self::policy) the original does not have.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The `csp!` text of [`policy`](Self::policy)
    /// ([`to_csp_macro`](ContentSecurityPolicy::to_csp_macro)).
    pub fn csp_macro(&self) -> Result<String, CspError> {
        self.policy.to_csp_macro()
    }

    /// The violations no change allows.
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }
}

/// The smallest change to `policy` that allows the violations of `groups` (see the
/// [module](self) for what is added for what).
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::report::{read_json_lines, learn, ViolationAggregate};
/// let policy: secure_http::ContentSecurityPolicy =
///     "default-src 'self'; script-src 'self' 'report-sample'; object-src 'none'".parse()?;
/// let reports = read_json_lines(concat!(
///     r#"{"csp-report":{"document-uri":"https://a.example/","effective-directive":"img-src","blocked-uri":"https://img.example.com/a.png"}}"#, "\n",
///     r#"{"csp-report":{"document-uri":"https://a.example/","effective-directive":"script-src-elem","blocked-uri":"inline","script-sample":"alert(1)"}}"#, "\n",
///     r#"{"csp-report":{"document-uri":"https://a.example/","effective-directive":"script-src","blocked-uri":"eval"}}"#,
/// ))?;
/// let aggregate = ViolationAggregate::default();
/// reports.iter().for_each(|v| aggregate.record(v));
/// let suggestions = learn::suggest(&policy, &aggregate.snapshot().groups);
/// assert_eq!(
///     suggestions.policy().as_str(),
///     "default-src 'self'; script-src 'self' 'report-sample' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='; object-src 'none'; img-src 'self' https://img.example.com"
/// );
/// assert!(suggestions.findings().is_empty());
/// assert!(suggestions.notes()[0].to_string().starts_with("script-src: eval blocked 1 time(s)"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn suggest(policy: &ContentSecurityPolicy, groups: &[ViolationGroup]) -> Suggestions {
    let mut notes = Vec::new();
    // (target directive, its values before, values to add, violations)
    let mut changes: Vec<(DirectiveName, Vec<Value>, Vec<Value>, u64)> = Vec::new();
    for group in groups {
        let count = group.count;
        let Some(reported) = DirectiveName::from_name(&group.directive)
            .filter(|d| d.grammar() == ValueGrammar::SourceList)
        else {
            notes.push(Note::Unsupported {
                directive: group.directive.clone(),
                blocked: group.blocked.clone(),
                violations: count,
            });
            continue;
        };
        let Some((target, current)) = target(policy, reported) else {
            notes.push(Note::NotGoverned {
                directive: group.directive.clone(),
                violations: count,
            });
            continue;
        };
        let script_like = matches!(
            target,
            DirectiveName::ScriptSrc | DirectiveName::ScriptSrcElem | DirectiveName::DefaultSrc
        ) || reported.as_str().starts_with("script-src");
        let strict_dynamic =
            script_like && current.iter().any(|v| v.is_keyword(Keyword::StrictDynamic));
        let attribute = matches!(
            reported,
            DirectiveName::ScriptSrcAttr | DirectiveName::StyleSrcAttr
        );
        let unsupported = || Note::Unsupported {
            directive: group.directive.clone(),
            blocked: group.blocked.clone(),
            violations: count,
        };
        let mut add: Vec<Value> = Vec::new();
        match &group.blocked {
            Blocked::Eval => {
                notes.push(Note::Eval {
                    directive: group.directive.clone(),
                    source_file: group.source_file.clone(),
                    violations: count,
                });
                continue;
            }
            Blocked::WasmEval => add.push(Value::__keyword(Keyword::WasmUnsafeEval)),
            Blocked::Inline => {
                let whole = |s: &&String| s.chars().count() < SAMPLE_LIMIT;
                // Code no whole sample stands for: none was sent, one was cut, or the group
                // kept as many samples as it may (others may have gone unkept).
                let uncovered = group.samples.is_empty()
                    || !group.samples.iter().all(|s| whole(&s))
                    || group.samples.len() >= super::ViolationAggregate::MAX_SAMPLES;
                let hashes: Vec<Value> = group
                    .samples
                    .iter()
                    .filter(whole)
                    .filter_map(|sample| {
                        Value::parse(target, &HashAlgorithm::Sha256.hash_source(sample)).ok()
                    })
                    .collect();
                if attribute && !hashes.is_empty() {
                    add.push(Value::__keyword(Keyword::UnsafeHashes));
                }
                add.extend(hashes);
                if uncovered {
                    let note = |kind: fn(String, Option<String>, u64) -> Note| {
                        kind(group.directive.clone(), group.source_file.clone(), count)
                    };
                    if attribute {
                        notes.push(note(|directive, source_file, violations| {
                            Note::InlineAttribute {
                                directive,
                                source_file,
                                violations,
                            }
                        }));
                    } else if current.iter().any(Value::is_nonce) {
                        notes.push(note(|directive, source_file, violations| {
                            Note::MissingNonce {
                                directive,
                                source_file,
                                violations,
                            }
                        }));
                    } else {
                        add.push(Value::__nonce());
                    }
                }
                if add.is_empty() {
                    continue;
                }
            }
            Blocked::Origin(_) | Blocked::Scheme(_) if strict_dynamic => {
                notes.push(Note::StrictDynamic {
                    blocked: group.blocked.clone(),
                    violations: count,
                });
                continue;
            }
            Blocked::Origin(origin) => match Value::parse(target, origin) {
                Ok(value) => add.push(value),
                Err(_) => {
                    notes.push(unsupported());
                    continue;
                }
            },
            Blocked::Scheme(scheme) => match Value::parse(target, &format!("{scheme}:")) {
                Ok(value) => add.push(value),
                Err(_) => {
                    notes.push(unsupported());
                    continue;
                }
            },
            Blocked::Other(_) => {
                notes.push(unsupported());
                continue;
            }
        }
        let entry = match changes.iter_mut().position(|c| c.0 == target) {
            Some(at) => &mut changes[at],
            None => {
                changes.push((target, current, Vec::new(), 0));
                changes.last_mut().expect("just pushed")
            }
        };
        for value in &add {
            if !entry.1.contains(value) && !entry.2.contains(value) {
                entry.2.push(value.clone());
            }
        }
        if add.iter().any(|v| entry.2.contains(v)) {
            entry.3 += count;
        }
    }
    changes.retain(|c| !c.2.is_empty());
    // In the order of the policy's directives, new ones last in the order first reported.
    changes.sort_by_key(|c| {
        policy
            .directives()
            .iter()
            .position(|d| d.name() == c.0)
            .unwrap_or(usize::MAX)
    });
    let before: Vec<FindingKey> = policy.lint().iter().map(key).collect();
    let mut suggestions = Vec::new();
    for (target, current, added, violations) in &changes {
        let changed = with_values(policy, *target, current, added);
        let findings = new_findings(&changed, &before);
        suggestions.push(Suggestion {
            directive: *target,
            added: added.clone(),
            violations: *violations,
            policy: changed,
            findings,
        });
    }
    let mut combined = policy.clone();
    for (target, current, added, _) in &changes {
        combined = with_values(&combined, *target, current, added);
    }
    let findings = new_findings(&combined, &before);
    Suggestions {
        suggestions,
        policy: combined,
        findings,
        notes,
    }
}

/// The directive that governs `reported` in `policy`, and its values: `reported` itself, or
/// the first of its fallbacks the policy has; a fallback to `default-src` names the directive
/// to add (the reported one, or `script-src`/`style-src` for their parts) with
/// `default-src`'s values.
fn target(
    policy: &ContentSecurityPolicy,
    reported: DirectiveName,
) -> Option<(DirectiveName, Vec<Value>)> {
    use DirectiveName as D;
    let fallbacks: &[D] = match reported {
        D::ScriptSrcElem | D::ScriptSrcAttr => &[D::ScriptSrc],
        D::StyleSrcElem | D::StyleSrcAttr => &[D::StyleSrc],
        D::FrameSrc => &[D::ChildSrc],
        D::WorkerSrc => &[D::ChildSrc, D::ScriptSrc],
        _ => &[],
    };
    for name in std::iter::once(&reported).chain(fallbacks) {
        if let Some(directive) = policy.get(*name) {
            return Some((*name, directive.values().to_vec()));
        }
    }
    // `base-uri`, `form-action`, `frame-ancestors` and `sandbox` do not fall back.
    let falls_back = !matches!(reported, D::BaseUri | D::FormAction | D::FrameAncestors);
    let default = policy.get(D::DefaultSrc).filter(|_| falls_back)?;
    let new = match reported {
        D::ScriptSrcElem | D::ScriptSrcAttr => D::ScriptSrc,
        D::StyleSrcElem | D::StyleSrcAttr => D::StyleSrc,
        other => other,
    };
    // Keep only what the new directive accepts (`'strict-dynamic'` stays in scripts).
    let values = default
        .values()
        .iter()
        .filter(|v| Value::parse(new, &v.to_string()).is_ok() || v.is_nonce_placeholder())
        .cloned()
        .collect();
    Some((new, values))
}

/// `policy` with `target` holding `current` and `added` (`'none'` dropped), in place or at
/// the end.
fn with_values(
    policy: &ContentSecurityPolicy,
    target: DirectiveName,
    current: &[Value],
    added: &[Value],
) -> ContentSecurityPolicy {
    let values: Vec<Value> = current
        .iter()
        .filter(|v| !v.is_keyword(Keyword::None))
        .chain(added)
        .cloned()
        .collect();
    let mut directives: Vec<Directive> = policy.directives().to_vec();
    let directive = Directive::owned(target, values);
    match directives.iter_mut().find(|d| d.name() == target) {
        Some(existing) => *existing = directive,
        None => directives.push(directive),
    }
    ContentSecurityPolicy::from_directives(directives)
}

type FindingKey = (
    crate::csp::lint::Lint,
    Option<DirectiveName>,
    Option<String>,
);

fn key(finding: &Finding) -> FindingKey {
    (
        finding.lint(),
        finding.directive(),
        finding.value().map(str::to_owned),
    )
}

fn new_findings(policy: &ContentSecurityPolicy, before: &[FindingKey]) -> Vec<Finding> {
    policy
        .lint()
        .into_iter()
        .filter(|f| !before.contains(&key(f)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csp::analyze;
    use crate::report::{ViolationAggregate, parse_reports};

    /// Bodies as Chromium posts them for `report-uri`, against the report-only policy of
    /// [`POLICY`], on `https://shop.example/cart`.
    const CHROMIUM_REPORTS: &[&str] = &[
        // An inline <script> without the nonce; 'report-sample' gave its whole text.
        r#"{"csp-report":{"document-uri":"https://shop.example/cart","referrer":"","violated-directive":"script-src-elem","effective-directive":"script-src-elem","original-policy":"default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report","disposition":"report","blocked-uri":"inline","line-number":31,"column-number":9,"source-file":"https://shop.example/cart","status-code":200,"script-sample":"console.log('cart ready')"}}"#,
        // A long inline script: the sample is cut at 40 characters.
        r#"{"csp-report":{"document-uri":"https://shop.example/cart","referrer":"","violated-directive":"script-src-elem","effective-directive":"script-src-elem","original-policy":"default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report","disposition":"report","blocked-uri":"inline","line-number":40,"column-number":9,"source-file":"https://shop.example/checkout.js","status-code":200,"script-sample":"window.dataLayer = window.dataLayer || ["}}"#,
        // A script from a CDN, which 'strict-dynamic' ignores as a host.
        r#"{"csp-report":{"document-uri":"https://shop.example/cart","referrer":"","violated-directive":"script-src-elem","effective-directive":"script-src-elem","original-policy":"default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report","disposition":"report","blocked-uri":"https://cdn.example.net/widget.js","status-code":200,"script-sample":""}}"#,
        // eval in the page's script.
        r#"{"csp-report":{"document-uri":"https://shop.example/cart","referrer":"","violated-directive":"script-src","effective-directive":"script-src","original-policy":"default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report","disposition":"report","blocked-uri":"eval","line-number":3,"column-number":12,"source-file":"https://shop.example/app.js","status-code":200,"script-sample":"1 + 1"}}"#,
        // An onclick handler.
        r#"{"csp-report":{"document-uri":"https://shop.example/cart","referrer":"","violated-directive":"script-src-attr","effective-directive":"script-src-attr","original-policy":"default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report","disposition":"report","blocked-uri":"inline","line-number":52,"column-number":30,"source-file":"https://shop.example/cart","status-code":200,"script-sample":"buy()"}}"#,
        // An image from another origin, twice, and a data: image.
        r#"{"csp-report":{"document-uri":"https://shop.example/cart","referrer":"","violated-directive":"img-src","effective-directive":"img-src","original-policy":"default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report","disposition":"report","blocked-uri":"https://images.example.org/p/1.jpg","status-code":200,"script-sample":""}}"#,
        r#"{"csp-report":{"document-uri":"https://shop.example/cart","referrer":"","violated-directive":"img-src","effective-directive":"img-src","original-policy":"default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report","disposition":"report","blocked-uri":"https://images.example.org/p/2.jpg","status-code":200,"script-sample":""}}"#,
        r#"{"csp-report":{"document-uri":"https://shop.example/cart","referrer":"","violated-directive":"img-src","effective-directive":"img-src","original-policy":"default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report","disposition":"report","blocked-uri":"data","status-code":200,"script-sample":""}}"#,
        // An inline <style> without 'report-sample' in style-src (which falls back).
        r#"{"csp-report":{"document-uri":"https://shop.example/cart","referrer":"","violated-directive":"style-src-elem","effective-directive":"style-src-elem","original-policy":"default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report","disposition":"report","blocked-uri":"inline","line-number":8,"column-number":1,"source-file":"https://shop.example/cart","status-code":200,"script-sample":""}}"#,
    ];

    const POLICY: &str = "default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report";

    fn groups(bodies: &[&str]) -> Vec<ViolationGroup> {
        let aggregate = ViolationAggregate::default();
        for body in bodies {
            for v in parse_reports(Some("application/csp-report"), body.as_bytes()).unwrap() {
                aggregate.record(&v);
            }
        }
        aggregate.snapshot().groups
    }

    #[test]
    fn chromium_reports_give_hashes_nonces_origins_and_notes_never_unsafe_inline() {
        let analysis = analyze(POLICY);
        let policy = analysis.policies()[0].policy();
        let result = suggest(policy, &groups(CHROMIUM_REPORTS));
        let changes: Vec<(&str, Vec<String>, u64, Vec<&str>)> = result
            .suggestions()
            .iter()
            .map(|s| {
                (
                    s.directive().as_str(),
                    s.added().iter().map(ToString::to_string).collect(),
                    s.violations(),
                    s.findings().iter().map(|f| f.lint().name()).collect(),
                )
            })
            .collect();
        assert_eq!(
            changes,
            [
                (
                    "script-src",
                    vec![
                        "'unsafe-hashes'".to_owned(),
                        "'sha256-ZUkDx5zQn1d2Aa5kWlZMZ2frL4k4v9cD4oOrsrBejPE='".to_owned(),
                        "'sha256-sXZ5nkgW1HdyFINi976hjXGSp7O3vMcfp7F3oPOOV6w='".to_owned(),
                    ],
                    2,
                    vec!["unsafe_hashes"]
                ),
                (
                    "img-src",
                    vec!["https://images.example.org".to_owned(), "data:".to_owned()],
                    3,
                    vec![]
                ),
                ("style-src", vec!["'nonce'".to_owned()], 1, vec![]),
            ]
        );
        assert_eq!(
            HashAlgorithm::Sha256.hash_source("console.log('cart ready')"),
            "'sha256-sXZ5nkgW1HdyFINi976hjXGSp7O3vMcfp7F3oPOOV6w='"
        );
        assert_eq!(
            HashAlgorithm::Sha256.hash_source("buy()"),
            "'sha256-ZUkDx5zQn1d2Aa5kWlZMZ2frL4k4v9cD4oOrsrBejPE='"
        );
        assert_eq!(
            result.policy().as_str(),
            "default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample' 'unsafe-hashes' 'sha256-ZUkDx5zQn1d2Aa5kWlZMZ2frL4k4v9cD4oOrsrBejPE=' 'sha256-sXZ5nkgW1HdyFINi976hjXGSp7O3vMcfp7F3oPOOV6w='; object-src 'none'; base-uri 'none'; report-uri /csp-report; img-src 'self' https://images.example.org data:; style-src 'self' 'nonce'"
        );
        assert!(!result.policy().as_str().contains("unsafe-inline"));
        assert!(!result.policy().as_str().contains("unsafe-eval"));
        let notes: Vec<String> = result.notes().iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "script-src: eval blocked 1 time(s) in https://shop.example/app.js: not allowed, since 'unsafe-eval' would run injected strings as code (lint `unsafe_eval`); replace eval(), new Function() and string timers",
                "script-src-elem: inline code blocked 1 time(s) in https://shop.example/checkout.js although the policy has a nonce: give the element the response's nonce attribute",
                "https://cdn.example.net blocked 1 time(s) under 'strict-dynamic', which ignores host sources: load it from a script that carries the nonce, or give its <script> the nonce",
            ]
        );
        assert_eq!(
            result.csp_macro().unwrap(),
            r#"csp! {
    default-src: self,
    script-src: nonce strict-dynamic report-sample unsafe-hashes "'sha256-ZUkDx5zQn1d2Aa5kWlZMZ2frL4k4v9cD4oOrsrBejPE='" "'sha256-sXZ5nkgW1HdyFINi976hjXGSp7O3vMcfp7F3oPOOV6w='",
    object-src: none,
    base-uri: none,
    report-uri: "/csp-report",
    img-src: self "https://images.example.org" data:,
    style-src: self nonce,
}"#
        );
    }

    /// What Chromium 156 posted for a page sent with the report-only policy in each body
    /// (`report-uri`), recorded by a loopback server: an inline `<style>`, a `style`
    /// attribute, a `data:` image, an image from another origin, a short and a long inline
    /// script, `eval` in the nonced script, and an `onclick` handler. The long script's sample
    /// is cut at 40 characters.
    const RECORDED: &str = include_str!("testdata/chromium-report-uri.jsonl");

    #[test]
    fn reports_recorded_from_chromium() {
        let violations = crate::report::read_json_lines(RECORDED).unwrap();
        assert_eq!(violations.len(), 8);
        let policy = violations[0].original_policy.clone().unwrap();
        let analysis = analyze(&policy);
        let aggregate = ViolationAggregate::default();
        violations.iter().for_each(|v| aggregate.record(v));
        let result = suggest(
            analysis.policies()[0].policy(),
            &aggregate.snapshot().groups,
        );
        // Hashes of the whole samples, a nonce for the cut one; `'unsafe-hashes'` for the
        // attributes; the image's origin and scheme; eval only noted.
        assert_eq!(
            result.policy().as_str(),
            "default-src 'self'; script-src 'nonce-cmVhbGNocm9taXVt' 'strict-dynamic' 'report-sample' 'sha256-7r/CLC7tw2eitF6xievib0M/r5UGOfAbPnqJtVx0eZs=' 'unsafe-hashes' 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='; style-src 'self' 'report-sample' 'unsafe-hashes' 'sha256-4cpitPpe1REfm1U3hxrO9Vtmy1dhetnG9wO+VA1hgc8=' 'sha256-Q1fLvk7a5DViVS8eVXMYNAiwMGfAIav+18CqVK+flsQ='; img-src 'self' http://127.0.0.2:9 data:; object-src 'none'; base-uri 'none'; report-uri /csp-report"
        );
        let notes: Vec<String> = result.notes().iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                // The group holds both scripts: the short one is hashed, the cut one is not.
                "script-src-elem: inline code blocked 2 time(s) in http://127.0.0.1:3918/ although the policy has a nonce: give the element the response's nonce attribute",
                "script-src: eval blocked 1 time(s) in http://127.0.0.1:3918/: not allowed, since 'unsafe-eval' would run injected strings as code (lint `unsafe_eval`); replace eval(), new Function() and string timers",
            ]
        );
        let lints: Vec<&str> = result.findings().iter().map(|f| f.lint().name()).collect();
        assert_eq!(lints, ["unsafe_hashes", "http_source", "ip_source"]);
    }

    #[test]
    fn without_a_nonce_inline_code_gets_one_and_none_is_replaced() {
        let policy: ContentSecurityPolicy =
            "default-src 'none'; script-src 'self'".parse().unwrap();
        let bodies = [
            r#"[{"age":10,"body":{"blockedURL":"inline","columnNumber":9,"disposition":"report","documentURL":"https://a.example/","effectiveDirective":"script-src-elem","lineNumber":4,"originalPolicy":"default-src 'none'; script-src 'self'","referrer":"","sample":"","sourceFile":"https://a.example/","statusCode":200},"type":"csp-violation","url":"https://a.example/","user_agent":"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0"}]"#,
            r#"[{"age":3,"body":{"blockedURL":"https://fonts.example.com/a.woff2","disposition":"report","documentURL":"https://a.example/","effectiveDirective":"font-src","originalPolicy":"default-src 'none'; script-src 'self'","referrer":"","sample":"","statusCode":200},"type":"csp-violation","url":"https://a.example/","user_agent":"Mozilla/5.0"}]"#,
            r#"[{"age":3,"body":{"blockedURL":"trusted-types-sink","disposition":"report","documentURL":"https://a.example/","effectiveDirective":"require-trusted-types-for","originalPolicy":"x","sample":"Element innerHTML|<b>","statusCode":200},"type":"csp-violation","url":"https://a.example/"}]"#,
        ];
        let aggregate = ViolationAggregate::default();
        for body in bodies {
            for v in parse_reports(Some("application/reports+json"), body.as_bytes()).unwrap() {
                aggregate.record(&v);
            }
        }
        let result = suggest(&policy, &aggregate.snapshot().groups);
        assert_eq!(
            result.policy().as_str(),
            "default-src 'none'; script-src 'self' 'nonce'; font-src https://fonts.example.com"
        );
        // The nonce makes the missing `base-uri` matter: `<base>` could redirect its scripts.
        let lints: Vec<&str> = result.findings().iter().map(|f| f.lint().name()).collect();
        assert_eq!(lints, ["missing_base_uri"]);
        assert_eq!(
            result
                .notes()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                "require-trusted-types-for: trusted-types-sink blocked 1 time(s): no source allows it; fix the page"
            ]
        );
    }

    #[test]
    fn a_directive_the_policy_does_not_set_is_not_changed() {
        let policy: ContentSecurityPolicy = "frame-ancestors 'none'".parse().unwrap();
        let result = suggest(
            &policy,
            &groups(&[
                r#"{"csp-report":{"document-uri":"https://a.example/","effective-directive":"img-src","blocked-uri":"https://i.example/"}}"#,
            ]),
        );
        assert_eq!(result.policy(), &policy);
        assert!(result.suggestions().is_empty());
        assert!(matches!(result.notes(), [Note::NotGoverned { .. }]));
    }
}

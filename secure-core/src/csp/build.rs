//! The one validator of policies. The runtime parser and the `csp!` macro both describe what
//! the author wrote as [`WrittenDirective`]s, with positions of their own kind (byte offsets,
//! macro spans), and get back a policy or every problem found, each at its position.

use super::directive::{DirectiveName, ValueGrammar, closest_directive, obsolete_advice};
use super::error::CspErrorKind;
use super::keyword::Keyword;
use super::policy::{ContentSecurityPolicy, Directive};
use super::text::{Keep, Text};
use super::value::Value;
use std::borrow::Cow;

/// A directive as written by the author, before validation.
#[derive(Debug, Clone)]
pub struct WrittenDirective<'a, P> {
    /// The name as written.
    pub name: Cow<'a, str>,
    /// Where the name was written.
    pub name_at: P,
    /// Each value in header syntax, with where it was written.
    pub values: Vec<(Cow<'a, str>, P)>,
}

/// A problem and the position it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<P> {
    /// What is wrong.
    pub kind: CspErrorKind,
    /// Where.
    pub at: P,
}

/// Validates written directives and makes the policy.
///
/// With a `base` policy (a preset), each written directive replaces the base's directive of
/// the same name in place, and the others are appended. `whole` is where to point when the
/// policy as a whole is wrong (it is empty). Errors come in the order written.
pub fn build<'a, P: Copy>(
    base: Option<&ContentSecurityPolicy>,
    written: impl IntoIterator<Item = WrittenDirective<'a, P>>,
    whole: P,
) -> Result<ContentSecurityPolicy, Vec<Located<P>>> {
    build_values_checked(base, written, whole, false)
}

/// [`build`], told whether every value is already known to hold only visible ASCII other
/// than `;` and `,` (the runtime parser checks the whole text first), so that each value
/// is not checked again.
pub(crate) fn build_values_checked<'a, P: Copy>(
    base: Option<&ContentSecurityPolicy>,
    written: impl IntoIterator<Item = WrittenDirective<'a, P>>,
    whole: P,
    characters_checked: bool,
) -> Result<ContentSecurityPolicy, Vec<Located<P>>> {
    let written = written.into_iter();
    let mut builder = Builder::new(written.size_hint().0, characters_checked, Keep::Copy);
    for directive in written {
        builder.directive(&directive.name, directive.name_at, &directive.values);
    }
    builder.finish(base, whole, None)
}

/// The validator's state while directives are read one after the other: what [`build`] does
/// for a list of written directives, fed one directive at a time, so that the runtime parser
/// can validate each directive as soon as it has read it, without collecting them first.
pub(crate) struct Builder<'s, P> {
    directives: Vec<Directive>,
    errors: Vec<Located<P>>,
    /// The directives seen so far, one bit per [`DirectiveName`].
    seen: u64,
    characters_checked: bool,
    keep: Keep<'s>,
}

impl<'s, P: Copy> Builder<'s, P> {
    /// A builder expecting about `capacity` directives; `characters_checked` as for
    /// [`build_values_checked`]; the values keep their text as `keep` says.
    pub(crate) fn new(capacity: usize, characters_checked: bool, keep: Keep<'s>) -> Self {
        const _: () = assert!(DirectiveName::ALL.len() <= 64, "`seen` is a 64-bit set");
        Self {
            directives: Vec::with_capacity(capacity),
            errors: Vec::new(),
            seen: 0,
            characters_checked,
            keep,
        }
    }

    /// Validates one directive as written; returns it when it is valid (it is then the
    /// last of the policy's own directives).
    pub(crate) fn directive<S: AsRef<str>>(
        &mut self,
        name: &str,
        name_at: P,
        values: &[(S, P)],
    ) -> Option<&Directive> {
        let name = resolve_name(name, name_at, &mut self.errors)?;
        let bit = 1u64 << (name as u32);
        if self.seen & bit != 0 {
            self.errors.push(Located {
                kind: CspErrorKind::DuplicateDirective(name),
                at: name_at,
            });
            return None;
        }
        self.seen |= bit;
        let values = check_values(
            name,
            name_at,
            values,
            self.characters_checked,
            self.keep,
            &mut self.errors,
        )?;
        self.directives.push(Directive::owned(name, values));
        self.directives.last()
    }

    /// The policy, or every problem found in the order written. With a `base` policy, as
    /// [`build`] says; `whole` is where an empty policy is reported. `header` is the policy's
    /// header text when the caller knows it already (the input was written in the canonical
    /// form); otherwise it is rendered from the directives.
    pub(crate) fn finish(
        mut self,
        base: Option<&ContentSecurityPolicy>,
        whole: P,
        header: Option<Text>,
    ) -> Result<ContentSecurityPolicy, Vec<Located<P>>> {
        let (directives, header) = match base {
            None => (self.directives, header),
            Some(base) => {
                let mut directives = base.directives().to_vec();
                for directive in self.directives {
                    match directives.iter_mut().find(|d| d.name() == directive.name()) {
                        Some(existing) => *existing = directive,
                        None => directives.push(directive),
                    }
                }
                (directives, None)
            }
        };
        if directives.is_empty() && self.errors.is_empty() {
            self.errors.push(Located {
                kind: CspErrorKind::EmptyPolicy,
                at: whole,
            });
        }
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        Ok(match header {
            Some(header) => ContentSecurityPolicy::with_header(directives, header),
            None => ContentSecurityPolicy::from_directives(directives),
        })
    }
}

fn resolve_name<P: Copy>(name: &str, at: P, errors: &mut Vec<Located<P>>) -> Option<DirectiveName> {
    if let Some(known) = DirectiveName::from_name(name) {
        return Some(known);
    }
    errors.push(Located {
        kind: unknown_name_problem(name),
        at,
    });
    None
}

/// What is wrong with a name that is no directive: a colon after a known name, an obsolete
/// directive, or an unknown one with the closest known name.
pub(crate) fn unknown_name_problem(name: &str) -> CspErrorKind {
    if let Some(without_colon) = name.strip_suffix(':')
        && (DirectiveName::from_name(without_colon).is_some()
            || obsolete_advice(without_colon).is_some())
    {
        CspErrorKind::ColonAfterName {
            name: without_colon.to_ascii_lowercase(),
        }
    } else if let Some((name, advice)) = obsolete_advice(name) {
        CspErrorKind::ObsoleteDirective { name, advice }
    } else {
        CspErrorKind::UnknownDirective {
            name: name.to_owned(),
            suggestion: closest_directive(name),
        }
    }
}

/// Parses each value, then checks the directive's values together.
fn check_values<P: Copy, S: AsRef<str>>(
    name: DirectiveName,
    name_at: P,
    written: &[(S, P)],
    characters_checked: bool,
    keep: Keep<'_>,
    errors: &mut Vec<Located<P>>,
) -> Option<Vec<Value>> {
    let grammar = name.grammar();
    let error = |kind, at| Located { kind, at };
    if grammar == ValueGrammar::Empty {
        if let Some((_, at)) = written.first() {
            errors.push(error(CspErrorKind::UnexpectedValue(name), *at));
            return None;
        }
        return Some(Vec::new());
    }
    if written.is_empty() && grammar.needs_value() {
        errors.push(error(CspErrorKind::MissingValue(name), name_at));
        return None;
    }
    if grammar.takes_one()
        && let Some((_, at)) = written.get(1)
    {
        errors.push(error(CspErrorKind::TooManyValues(name), *at));
        return None;
    }
    let before = errors.len();
    let mut values = Vec::with_capacity(written.len());
    let (mut none_at, mut strict_dynamic_at, mut has_nonce_or_hash) = (None, None, false);
    for (text, at) in written {
        let text = text.as_ref();
        let parsed = if characters_checked && !text.is_empty() {
            Value::parse_visible(name, text, keep)
        } else {
            Value::parse(name, text)
        };
        match parsed {
            Ok(value) => {
                if value.is_keyword(Keyword::None) {
                    none_at = none_at.or(Some(*at));
                } else if value.is_keyword(Keyword::StrictDynamic) {
                    strict_dynamic_at = strict_dynamic_at.or(Some(*at));
                }
                has_nonce_or_hash |= value.is_nonce() || value.is_hash();
                values.push(value);
            }
            Err(kind) => errors.push(error(kind, *at)),
        }
    }
    if let Some(none_at) = none_at
        && written.len() > 1
    {
        errors.push(error(CspErrorKind::NoneWithOtherSources, none_at));
    }
    if let Some(at) = strict_dynamic_at
        && !has_nonce_or_hash
        && errors.len() == before
    {
        errors.push(error(CspErrorKind::StrictDynamicWithoutNonceOrHash, at));
    }
    (errors.len() == before).then_some(values)
}

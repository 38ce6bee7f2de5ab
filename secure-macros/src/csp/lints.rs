//! The security lints of `csp!`: findings of lints denied by default (or by
//! `#![deny(..)]`) become errors at the token that caused them; an allow that matches no
//! finding is an error too, so stale allows cannot hide future problems. Messages spell the
//! policy as it was written: in the macro's syntax, or in header syntax for the string form.

use super::parse::{CspInput, Form};
use crate::errors::{Errors, Place};
use proc_macro2::Span;
use secure_core::csp::lint::{Finding, Lint};
use secure_core::csp::{ContentSecurityPolicy, DirectiveName, Syntax};

/// The level chosen for each lint, and where it was chosen.
struct Levels {
    /// Explicit levels: the lint, whether denied, and the place of its name.
    explicit: Vec<(Lint, bool, Place)>,
    /// `#![deny(all)]`, with its place.
    deny_all: Option<Place>,
}

pub fn check(input: &CspInput, policy: &ContentSecurityPolicy, errors: &mut Errors) {
    let levels = levels(input, errors);
    let findings = policy.lint();
    let (syntax, whole) = match &input.form {
        Form::Directives { .. } => (Syntax::Macro, Place::of(Span::call_site())),
        Form::Header(header) => (Syntax::Header, header.place()),
    };
    for finding in &findings {
        let lint = finding.lint();
        let explicit = levels.explicit.iter().rev().find(|(l, _, _)| *l == lint);
        let denied = match explicit {
            Some((_, deny, _)) => *deny,
            None => levels.deny_all.is_some() || lint.denied_by_default(),
        };
        if denied {
            let mut message = finding.message(syntax);
            if explicit.is_none() && levels.deny_all.is_none() {
                message.push_str(&format!(", or write `#![allow({lint})]` inside `csp!`"));
            }
            let error = error_at_cause(finding, input, policy, &message).unwrap_or_else(|| {
                explicit
                    .map(|(_, _, place)| *place)
                    .or(levels.deny_all)
                    .unwrap_or(whole)
                    .error(message)
            });
            errors.push(error);
        }
    }
    for (lint, deny, place) in &levels.explicit {
        if !deny && !findings.iter().any(|f| f.lint() == *lint) {
            errors.push(place.error(format!(
                "`#![allow({lint})]` allows nothing: this policy has no `{lint}` finding; remove it"
            )));
        }
    }
}

fn levels(input: &CspInput, errors: &mut Errors) -> Levels {
    let mut levels = Levels {
        explicit: Vec::new(),
        deny_all: None,
    };
    for level in &input.levels {
        if level.name.text == "all" {
            if level.deny {
                levels.deny_all = Some(level.name.place);
            } else {
                errors.push(level.name.place.error(
                    "`allow(all)` would hide every lint; allow the lints you accept by name",
                ));
            }
            continue;
        }
        match Lint::from_name(&level.name.text) {
            Some(lint) => levels.explicit.push((lint, level.deny, level.name.place)),
            None => {
                let hint = match Lint::closest(&level.name.text) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "the lints are {}, and `all`",
                        Lint::ALL
                            .iter()
                            .map(|l| format!("`{l}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                errors.push(
                    level
                        .name
                        .place
                        .error(format!("unknown lint `{}`; {hint}", level.name.text)),
                );
            }
        }
    }
    levels
}

/// The error at the value (or directive) a finding is about: where it was written, or the
/// preset it came from. `None` for a finding about something missing.
fn error_at_cause(
    finding: &Finding,
    input: &CspInput,
    policy: &ContentSecurityPolicy,
    message: &str,
) -> Option<syn::Error> {
    let (directive_index, value_index) = finding.location()?;
    let (preset, directives) = match &input.form {
        Form::Header(header) => {
            return header.error_at_directive(directive_index, value_index, message.to_owned());
        }
        Form::Directives { preset, directives } => (preset, directives),
    };
    let name = policy.directives()[directive_index].name();
    let written = directives
        .iter()
        .find(|d| DirectiveName::from_name(&d.name.text) == Some(name));
    let place = match written {
        Some(directive) => match value_index.and_then(|i| directive.values.get(i)) {
            Some((_, place)) => *place,
            None => directive.name.place,
        },
        None => preset.as_ref()?.place,
    };
    Some(place.error(message))
}

//! `csp!`: parse, validate with `secure-core`, expand.

mod expand;
mod header;
mod lints;
mod parse;
#[cfg(test)]
mod properties;

use crate::errors::{Errors, Place};
use crate::word::Word;
use parse::Form;
use proc_macro2::{Span, TokenStream};
use secure_core::csp::build::{WrittenDirective, build};
use secure_core::csp::{ContentSecurityPolicy, Syntax, presets};
use std::borrow::Cow;

/// Expands `csp!`, naming the facade crate's items through `krate`.
pub fn expand(krate: &TokenStream, tokens: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let input = parse::parse(tokens, &mut errors);
    match validate(&input, &mut errors) {
        Some(policy) if errors.is_empty() => {
            lints::check(&input, &policy, &mut errors);
            if errors.is_empty() {
                expand::policy(krate, &policy, &input.files)
            } else {
                errors.expand_with(expand::empty_policy(krate))
            }
        }
        _ => errors.expand_with(expand::empty_policy(krate)),
    }
}

/// Runs the core's validator over what was written, turning each problem into an error at
/// the place it points to.
fn validate(input: &parse::CspInput, errors: &mut Errors) -> Option<ContentSecurityPolicy> {
    match &input.form {
        Form::Directives { preset, directives } => {
            validate_directives(preset.as_ref(), directives, errors)
        }
        Form::Header(header) => header.validate(errors),
    }
}

fn validate_directives(
    preset: Option<&Word>,
    directives: &[parse::WrittenDirective],
    errors: &mut Errors,
) -> Option<ContentSecurityPolicy> {
    let preset = preset.and_then(|name| {
        let preset = presets::by_name(&name.text);
        if preset.is_none()
            && let Some(renamed) = presets::renamed(&name.text)
        {
            errors.push(name.place.error(format!(
                "no preset is called `{}` any more: {renamed}",
                name.text
            )));
        } else if preset.is_none() {
            let hint = match presets::closest_name(&name.text) {
                Some(close) => format!("; did you mean `{close}`?"),
                None => String::new(),
            };
            let known: Vec<String> = presets::BY_NAME
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect();
            errors.push(name.place.error(format!(
                "unknown preset `{}`{hint} (the presets are {})",
                name.text,
                known.join(", ")
            )));
        }
        preset
    });
    let mut places = vec![Place::of(Span::call_site())];
    let mut place_index = |place: Place| {
        places.push(place);
        places.len() - 1
    };
    let written: Vec<WrittenDirective<'_, usize>> = directives
        .iter()
        .map(|d| WrittenDirective {
            name: Cow::Borrowed(d.name.text.as_str()),
            name_at: place_index(d.name.place),
            values: d
                .values
                .iter()
                .map(|(text, place)| (Cow::Borrowed(text.as_str()), place_index(*place)))
                .collect(),
        })
        .collect();
    if !errors.is_empty() && written.is_empty() {
        return None;
    }
    match build(preset, written, 0) {
        Ok(policy) => Some(policy),
        Err(found) => {
            for located in found {
                errors.push(places[located.at].error(located.kind.message(Syntax::Macro)));
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::krate;
    use secure_core::csp::HashAlgorithm;

    /// `sha384(file: ..)` hashes the file's bytes, and the expansion includes the file by its
    /// full path so that cargo rebuilds the caller when it changes.
    #[test]
    fn file_hashes_are_of_the_bytes_and_tracked() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        let bytes = std::fs::read(path).unwrap();
        for algorithm in HashAlgorithm::ALL {
            let input = format!(
                "script-src: {}(file: \"Cargo.toml\"), style-src: self",
                algorithm.name()
            );
            let expanded = expand(&krate(), input.parse().unwrap()).to_string();
            let digest = algorithm.integrity(&bytes);
            let digest = digest.split_once('-').unwrap().1;
            assert!(expanded.contains(&format!("{digest:?}")), "{expanded}");
            assert!(
                expanded.contains(&format!("include_bytes ! ({path:?})")),
                "{expanded}"
            );
        }
    }
}

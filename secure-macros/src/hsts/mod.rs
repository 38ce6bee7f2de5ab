//! `hsts!`: `max-age`, `include-subdomains` and `preload`, with the original's defaults,
//! checked against the preload rules of `secure-core`.

use crate::errors::{Errors, Place};
use crate::word::Word;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use secure_core::hsts::{self, Directive, HstsErrorKind, ONE_YEAR};
use secure_core::{StrictTransportSecurity, Syntax};
use syn::parse::{ParseStream, Parser};
use syn::{LitBool, LitInt, Token};

#[cfg(test)]
mod properties;

const KEYS: [(&str, Directive); 3] = [
    ("max-age", Directive::MaxAge),
    ("include-subdomains", Directive::IncludeSubdomains),
    ("preload", Directive::Preload),
];

/// A setting as written: its value and the place to point at when it is the culprit.
#[derive(Clone, Copy)]
struct Setting<T> {
    value: T,
    place: Option<Place>,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Self { value, place: None }
    }
}

struct HstsInput {
    max_age: Setting<u32>,
    include_subdomains: Setting<bool>,
    preload: Setting<bool>,
}

/// Expands `hsts!`, naming the facade crate's items through `krate`.
pub fn expand(krate: &TokenStream, tokens: TokenStream) -> TokenStream {
    let hsts = quote!(#krate::__private::StrictTransportSecurity);
    match check(tokens) {
        Ok(value) => {
            let (max_age, include_subdomains, preload) =
                (value.max_age(), value.include_subdomains(), value.preload());
            quote!(#hsts::__new_unchecked(#max_age, #include_subdomains, #preload))
        }
        Err(errors) => errors.expand_with(quote!(#hsts::DEFAULT)),
    }
}

/// Parses the input and checks it against the preload rules: the header it stands for, or
/// every error found.
fn check(tokens: TokenStream) -> Result<StrictTransportSecurity, Errors> {
    let mut errors = Errors::default();
    let input = parse(tokens, &mut errors);
    let HstsInput {
        max_age,
        include_subdomains,
        preload,
    } = input;
    // After a syntax error some settings are unknown; checking the rest would report
    // problems that are not there.
    if errors.is_empty() {
        for problem in hsts::problems(max_age.value, include_subdomains.value, preload.value) {
            let place = match problem {
                HstsErrorKind::PreloadWithoutSubdomains => {
                    include_subdomains.place.or(preload.place)
                }
                _ => max_age.place.or(preload.place),
            };
            let place = place.unwrap_or(Place::of(Span::call_site()));
            let mut message = problem.message(Syntax::Macro);
            if preload.place.is_none() {
                message.push_str(" (`preload` is on by default)");
            }
            errors.push(place.error(message));
        }
    }
    if errors.is_empty() {
        Ok(StrictTransportSecurity::__new_unchecked(
            max_age.value,
            include_subdomains.value,
            preload.value,
        ))
    } else {
        Err(errors)
    }
}

fn parse(tokens: TokenStream, errors: &mut Errors) -> HstsInput {
    let mut input = HstsInput {
        max_age: Setting::default(ONE_YEAR),
        include_subdomains: Setting::default(true),
        preload: Setting::default(true),
    };
    let parser = |stream: ParseStream| -> syn::Result<()> {
        let mut seen: Vec<Directive> = Vec::new();
        while !stream.is_empty() {
            if !Word::peek(stream) {
                return Err(stream.error("expected `max-age`, `include-subdomains` or `preload`"));
            }
            let key = Word::parse(stream)?;
            let directive = KEYS
                .iter()
                .find(|(name, _)| *name == key.text)
                .map(|(_, d)| *d);
            let Some(directive) = directive else {
                let message = match secure_core::suggest::closest(&key.text, KEYS.map(|(n, _)| n)) {
                    Some(close) => format!("unknown key `{}`; did you mean `{close}`?", key.text),
                    None => format!(
                        "unknown key `{}`; expected `max-age`, `include-subdomains` or `preload`",
                        key.text
                    ),
                };
                return Err(key.place.error(message));
            };
            if seen.contains(&directive) {
                errors
                    .push(key.place.error(
                        HstsErrorKind::DuplicateDirective(directive).message(Syntax::Macro),
                    ));
            }
            seen.push(directive);
            match directive {
                Directive::MaxAge => {
                    if let Some(setting) = parse_max_age(stream, &key, errors)? {
                        input.max_age = setting;
                    }
                }
                Directive::IncludeSubdomains => {
                    input.include_subdomains = parse_flag(stream, &key)?;
                }
                Directive::Preload => input.preload = parse_flag(stream, &key)?,
            }
            if !stream.is_empty() {
                stream.parse::<Token![,]>()?;
            }
        }
        Ok(())
    };
    if let Err(error) = parser.parse2(tokens) {
        errors.push(error);
    }
    input
}

/// `max-age: 600`, `max-age: 30min`, `max-age: 1y`.
fn parse_max_age(
    stream: ParseStream,
    key: &Word,
    errors: &mut Errors,
) -> syn::Result<Option<Setting<u32>>> {
    if !stream.peek(Token![:]) {
        return Err(key.place.error(
            "`max-age` needs a value: seconds or a duration such as `1y`, `26w`, `180d`, `12h`, `30min`",
        ));
    }
    let colon = stream.parse::<Token![:]>()?;
    if stream.is_empty() || stream.peek(Token![,]) {
        return Err(key.place.to(Place::of(colon.span)).error(
            "`max-age` needs a value: seconds or a duration such as `1y`, `26w`, `180d`, `12h`, `30min`",
        ));
    }
    let start = Place::of(stream.span());
    let number: LitInt = stream.parse().map_err(|error| {
        syn::Error::new(
            error.span(),
            "expected seconds or a duration such as `1y`, `26w`, `180d`, `12h`, `30min`",
        )
    })?;
    // From the first token to the last: `-5` is two tokens, which `syn` reads as one literal.
    let place = start.to(Place::of(stream.cursor().prev_span()));
    // `syn` reads `-5` as one literal: a negative number is not a number of seconds, rather
    // than one too large (as the runtime parser says of `max-age=-5`).
    if number.base10_digits().starts_with('-') {
        let problem = HstsErrorKind::InvalidMaxAge(number.to_string());
        errors.push(place.error(problem.message(Syntax::Macro)));
        return Ok(None);
    }
    let seconds = number
        .base10_parse::<u64>()
        .map_err(|_| HstsErrorKind::MaxAgeTooLarge)
        .and_then(|n| hsts::max_age_seconds(n, number.suffix()));
    match seconds {
        Ok(seconds) => Ok(Some(Setting {
            value: seconds,
            place: Some(place),
        })),
        Err(problem) => {
            errors.push(place.error(problem.message(Syntax::Macro)));
            Ok(None)
        }
    }
}

/// `preload`, `preload: true` or `preload: false`.
fn parse_flag(stream: ParseStream, key: &Word) -> syn::Result<Setting<bool>> {
    if !stream.peek(Token![:]) {
        return Ok(Setting {
            value: true,
            place: Some(key.place),
        });
    }
    let colon = stream.parse::<Token![:]>()?;
    let message = format!(
        "expected `true` or `false` after `{}:`, or write `{}` alone for true",
        key.text, key.text
    );
    if stream.is_empty() || stream.peek(Token![,]) {
        return Err(key.place.to(Place::of(colon.span)).error(message));
    }
    let value: LitBool = stream
        .parse()
        .map_err(|error| syn::Error::new(error.span(), message))?;
    Ok(Setting {
        value: value.value,
        place: Some(key.place.to(Place::of(value.span))),
    })
}

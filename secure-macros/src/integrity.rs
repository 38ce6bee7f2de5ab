//! `integrity_policy!`: `blocked-destinations: (script), endpoints: (integrity)`, validated by
//! `secure-core`'s Integrity-Policy grammar.

use crate::errors::{Errors, Place};
use crate::word::Word;
use proc_macro2::{Literal, Span, TokenStream, TokenTree};
use quote::quote;
use secure_core::Syntax;
use secure_core::integrity::{Destination, IntegritySource, WrittenKey, build};
use syn::Token;
use syn::parse::{ParseStream, Parser};

struct Key {
    name: Word,
    values: Vec<Word>,
}

/// Expands `integrity_policy!`, naming the facade crate's items through `krate`.
pub fn expand(krate: &TokenStream, tokens: TokenStream) -> TokenStream {
    let integrity = quote!(#krate::__private::integrity);
    let mut errors = Errors::default();
    let keys = match parse.parse2(tokens) {
        Ok(keys) => keys,
        Err(error) => {
            errors.push(error);
            return errors.expand_with(fallback(&integrity));
        }
    };
    let mut places = vec![Place::of(Span::call_site())];
    let mut place_index = |place: Place| {
        places.push(place);
        places.len() - 1
    };
    let written: Vec<WrittenKey<'_, usize>> = keys
        .iter()
        .map(|key| WrittenKey {
            key: &key.name.text,
            key_at: place_index(key.name.place),
            values: key
                .values
                .iter()
                .map(|v| (v.text.as_str(), place_index(v.place)))
                .collect(),
        })
        .collect();
    match build(&written, 0) {
        Ok(policy) => {
            let blocked = policy.blocked_destinations().iter().map(|d| {
                let i = Destination::ALL.iter().position(|x| x == d).unwrap_or(0);
                quote!(#integrity::Destination::ALL[#i])
            });
            let sources = policy.sources().iter().map(|s| {
                let i = IntegritySource::ALL
                    .iter()
                    .position(|x| x == s)
                    .unwrap_or(0);
                quote!(#integrity::IntegritySource::ALL[#i])
            });
            let endpoints = policy.endpoints();
            let header = Literal::string(policy.as_str());
            quote! {{
                const __SECURE_BLOCKED: &[#integrity::Destination] = &[#(#blocked),*];
                const __SECURE_SOURCES: &[#integrity::IntegritySource] = &[#(#sources),*];
                #integrity::IntegrityPolicy::__from_static(
                    __SECURE_BLOCKED,
                    __SECURE_SOURCES,
                    &[#(#endpoints),*],
                    #header,
                )
            }}
        }
        Err(found) => {
            for (kind, at) in found {
                errors.push(places[at].error(kind.message(Syntax::Macro)));
            }
            errors.expand_with(fallback(&integrity))
        }
    }
}

/// A value of the macro's type, beside its errors.
fn fallback(integrity: &TokenStream) -> TokenStream {
    quote!(#integrity::IntegrityPolicy::__from_static(&[], &[], &[], ""))
}

fn parse(input: ParseStream) -> syn::Result<Vec<Key>> {
    let mut keys = Vec::new();
    while !input.is_empty() {
        if !Word::peek(input) {
            return Err(
                input.error("expected a key: `blocked-destinations`, `sources` or `endpoints`")
            );
        }
        let name = Word::parse(input)?;
        if !input.peek(Token![:]) || !input.peek2(syn::token::Paren) {
            return Err(name.place.error(format!(
                "expected `:` and a list in parentheses after `{}`, such as `{}: (script)`",
                name.text, name.text
            )));
        }
        input.parse::<Token![:]>()?;
        let content;
        syn::parenthesized!(content in input);
        let mut values = Vec::new();
        while !content.is_empty() {
            if !Word::peek(&content) {
                let tree: TokenTree = content.parse()?;
                let message = match &tree {
                    TokenTree::Punct(comma) if comma.as_char() == ',' => {
                        "list members are separated by spaces, not `,`: `(script style)`"
                    }
                    _ => {
                        "expected a name such as `script`, `inline` or an endpoint name, without quotes"
                    }
                };
                return Err(syn::Error::new(tree.span(), message));
            }
            values.push(Word::parse(&content)?);
        }
        keys.push(Key { name, values });
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(keys)
}

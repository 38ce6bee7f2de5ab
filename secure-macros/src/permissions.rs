//! `permissions_policy!`: `camera: (), geolocation: (self "https://maps.example.com"), fullscreen: *`,
//! validated by `secure-core`'s Permissions-Policy grammar.

use crate::errors::{Errors, Place};
use crate::word::Word;
use proc_macro2::{Literal, Span, TokenStream, TokenTree};
use quote::quote;
use secure_core::Syntax;
use secure_core::permissions::{
    PermissionsPolicy, WrittenAllowlist, WrittenFeature, WrittenMember, build,
};
use syn::parse::{ParseStream, Parser};
use syn::{LitStr, Token};

#[cfg(test)]
mod properties;

/// A member as written: its text and whether it was a string.
struct Member {
    text: String,
    quoted: bool,
    place: Place,
}

struct Feature {
    name: Word,
    /// `None` for `*`.
    members: Option<Vec<Member>>,
}

/// Expands `permissions_policy!`, naming the facade crate's items through `krate`.
pub fn expand(krate: &TokenStream, tokens: TokenStream) -> TokenStream {
    let policy = quote!(#krate::__private::PermissionsPolicy);
    match check(tokens) {
        Ok(built) => {
            let header = Literal::string(built.as_str());
            quote!(#policy::__from_static(#header))
        }
        Err(errors) => errors.expand_with(quote!(#policy::__from_static(""))),
    }
}

/// Parses the input and validates it with the core's grammar: the policy, or every error.
fn check(tokens: TokenStream) -> Result<PermissionsPolicy, Errors> {
    let mut errors = Errors::default();
    let features = match parse.parse2(tokens) {
        Ok(features) => features,
        Err(error) => {
            errors.push(error);
            Vec::new()
        }
    };
    let mut places = vec![Place::of(Span::call_site())];
    let mut place_index = |place: Place| {
        places.push(place);
        places.len() - 1
    };
    let written: Vec<WrittenFeature<'_, usize>> = features
        .iter()
        .map(|feature| WrittenFeature {
            name: &feature.name.text,
            name_at: place_index(feature.name.place),
            allowlist: match &feature.members {
                None => WrittenAllowlist::All,
                Some(members) => WrittenAllowlist::List(
                    members
                        .iter()
                        .map(|m| {
                            let member = if m.quoted {
                                WrittenMember::Quoted(&m.text)
                            } else {
                                WrittenMember::Token(&m.text)
                            };
                            (member, place_index(m.place))
                        })
                        .collect(),
                ),
            },
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    build(&written, 0).map_err(|found| {
        for (kind, at) in found {
            errors.push(places[at].error(kind.message(Syntax::Macro)));
        }
        errors
    })
}

fn parse(input: ParseStream) -> syn::Result<Vec<Feature>> {
    let mut features = Vec::new();
    while !input.is_empty() {
        if !Word::peek(input) {
            return Err(input.error("expected a feature name such as `camera`"));
        }
        let name = Word::parse(input)?;
        if !input.peek(Token![:]) {
            return Err(name.place.error(format!(
                "expected `:` and an allow-list after `{}`: `()` to deny it, `(self)`, or `*`",
                name.text
            )));
        }
        let colon = input.parse::<Token![:]>()?;
        let members = if input.peek(Token![*]) {
            input.parse::<Token![*]>()?;
            None
        } else if input.peek(syn::token::Paren) {
            let content;
            syn::parenthesized!(content in input);
            let mut members = Vec::new();
            while !content.is_empty() {
                members.push(parse_member(&content)?);
            }
            Some(members)
        } else {
            let message = "expected an allow-list: `()` to deny the feature, `(self \"https://a.example\")`, or `*`";
            // Nothing after the colon: point at the feature, not at the whole macro.
            if input.is_empty() || input.peek(Token![,]) {
                return Err(name.place.to(Place::of(colon.span)).error(message));
            }
            return Err(input.error(message));
        };
        features.push(Feature { name, members });
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(features)
}

fn parse_member(input: ParseStream) -> syn::Result<Member> {
    if input.peek(LitStr) {
        let literal: LitStr = input.parse()?;
        return Ok(Member {
            text: literal.value(),
            quoted: true,
            place: Place::of(literal.span()),
        });
    }
    if input.peek(Token![*]) {
        let star: Token![*] = input.parse()?;
        return Ok(Member {
            text: "*".into(),
            quoted: false,
            place: Place::of(star.span),
        });
    }
    if Word::peek(input) {
        let word = Word::parse(input)?;
        return Ok(Member {
            text: word.text,
            quoted: false,
            place: word.place,
        });
    }
    let tree: TokenTree = input.parse()?;
    let message = match &tree {
        TokenTree::Punct(comma) if comma.as_char() == ',' => {
            "allow-list members are separated by spaces, not `,`: `(self \"https://example.com\")`"
        }
        _ => "expected `self`, `src` or an origin as a string, such as \"https://example.com\"",
    };
    Err(syn::Error::new(tree.span(), message))
}

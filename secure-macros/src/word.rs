//! Hyphenated words (`default-src`, `unsafe-inline`, `self`), as the macros' input writes them.

use crate::errors::Place;
use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{Ident, Token};

/// A word such as `script-src-elem`: identifiers (keywords included) joined by `-`.
pub struct Word {
    pub text: String,
    pub place: Place,
}

impl Word {
    pub fn peek(input: ParseStream) -> bool {
        input.peek(Ident::peek_any)
    }

    pub fn parse(input: ParseStream) -> syn::Result<Self> {
        let first = input.call(Ident::parse_any)?;
        let mut text = first.unraw().to_string();
        let mut place = Place::of(first.span());
        while input.peek(Token![-]) && (input.peek2(Ident::peek_any) || input.peek2(syn::LitInt)) {
            input.parse::<Token![-]>()?;
            let (part, span) = if input.peek(syn::LitInt) {
                let number: syn::LitInt = input.parse()?;
                (number.to_string(), number.span())
            } else {
                let ident = input.call(Ident::parse_any)?;
                (ident.unraw().to_string(), ident.span())
            };
            text.push('-');
            text.push_str(&part);
            place = place.to(Place::of(span));
        }
        Ok(Self { text, place })
    }
}

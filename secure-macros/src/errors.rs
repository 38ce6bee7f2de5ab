//! Collecting every error of one invocation, and expanding to a placeholder value beside them.

use proc_macro2::{Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

/// Where a piece of input was written: the first and last token, so that errors underline
/// the whole of `img-scr`, not only `img`.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub start: Span,
    pub end: Span,
}

impl Place {
    pub fn of(span: Span) -> Self {
        Self {
            start: span,
            end: span,
        }
    }

    pub fn to(self, end: Place) -> Self {
        Self {
            start: self.start,
            end: end.end,
        }
    }

    pub fn error(self, message: impl std::fmt::Display) -> syn::Error {
        let marks: TokenStream = [self.start, self.end]
            .into_iter()
            .map(|span| {
                let mut punct = Punct::new('.', Spacing::Alone);
                punct.set_span(span);
                TokenTree::Punct(punct)
            })
            .collect();
        syn::Error::new_spanned(marks, message)
    }
}

/// The errors of one invocation, in the order found.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// Each error's message, in the order found.
    #[cfg(test)]
    pub fn messages(&self) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|errors| errors.into_iter().map(|error| error.to_string()))
            .collect()
    }

    /// The `compile_error!`s followed by `fallback`, a value of the macro's type, so that
    /// the user sees only the real errors and no follow-on type errors.
    pub fn expand_with(self, fallback: TokenStream) -> TokenStream {
        let errors = self.0.map(|e| e.to_compile_error());
        quote! {{ #errors #fallback }}
    }
}

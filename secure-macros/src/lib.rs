//! Implementation detail of the [`secure-http`](https://docs.rs/secure-http) crate: the
//! `csp!`, `hsts!`, `permissions_policy!`, `integrity_policy!` and `sri!` macros. Depend on `secure-http`, which
//! re-exports them.
//!
//! Each macro parses its input with `syn`, validates it by calling `secure-core` (the same
//! grammar the runtime parsers use), and expands to a constant expression.
//!
//! `secure-http` calls these macros through `macro_rules!` wrappers that put `[$crate]`
//! before the input, so the expansion names the facade by the path it was reached through,
//! whatever name the user's `Cargo.toml` gives it.
#![forbid(unsafe_code)]

use proc_macro::TokenStream;
use proc_macro2::{Delimiter, Span, TokenTree};

mod csp;
mod errors;
mod file;
mod hsts;
mod integrity;
mod permissions;
mod sri;
#[cfg(test)]
mod test_support;
mod word;

/// Splits the facade's `[$crate]` off the input: the path to expand to, and the rest.
fn split_crate(
    name: &str,
    input: TokenStream,
) -> Result<(proc_macro2::TokenStream, proc_macro2::TokenStream), TokenStream> {
    let mut tokens = proc_macro2::TokenStream::from(input).into_iter();
    match tokens.next() {
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Bracket => {
            Ok((group.stream(), tokens.collect()))
        }
        _ => {
            let message = format!(
                "`secure_macros::{name}!` is called through `secure-http`: write `secure_http::{name}! {{ .. }}`"
            );
            Err(syn::Error::new(Span::call_site(), message)
                .to_compile_error()
                .into())
        }
    }
}

/// See `secure_http::csp!`.
#[proc_macro]
pub fn csp(input: TokenStream) -> TokenStream {
    match split_crate("csp", input) {
        Ok((krate, tokens)) => csp::expand(&krate, tokens).into(),
        Err(error) => error,
    }
}

/// See `secure_http::permissions_policy!`.
#[proc_macro]
pub fn permissions_policy(input: TokenStream) -> TokenStream {
    match split_crate("permissions_policy", input) {
        Ok((krate, tokens)) => permissions::expand(&krate, tokens).into(),
        Err(error) => error,
    }
}

/// See `secure_http::hsts!`.
#[proc_macro]
pub fn hsts(input: TokenStream) -> TokenStream {
    match split_crate("hsts", input) {
        Ok((krate, tokens)) => hsts::expand(&krate, tokens).into(),
        Err(error) => error,
    }
}

/// See `secure_http::sri!`.
#[proc_macro]
pub fn sri(input: TokenStream) -> TokenStream {
    match split_crate("sri", input) {
        Ok((_, tokens)) => sri::expand(tokens).into(),
        Err(error) => error,
    }
}

/// See `secure_http::integrity_policy!`.
#[proc_macro]
pub fn integrity_policy(input: TokenStream) -> TokenStream {
    match split_crate("integrity_policy", input) {
        Ok((krate, tokens)) => integrity::expand(&krate, tokens).into(),
        Err(error) => error,
    }
}

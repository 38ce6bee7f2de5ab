//! Implementation detail of the [`secure`](https://docs.rs/secure) crate: the `csp!` and
//! `hsts!` macros. Depend on `secure`, which re-exports them.
//!
//! Each macro parses its input with `syn`, validates it by calling `secure-core` (the same
//! grammar the runtime parsers use), and expands to a constant expression.

use proc_macro::TokenStream;

mod csp;
mod errors;
mod hsts;
mod permissions;
#[cfg(test)]
mod test_support;
mod word;

/// See `secure::csp!`.
#[proc_macro]
pub fn csp(input: TokenStream) -> TokenStream {
    csp::expand(input.into()).into()
}

/// See `secure::permissions_policy!`.
#[proc_macro]
pub fn permissions_policy(input: TokenStream) -> TokenStream {
    permissions::expand(input.into()).into()
}

/// See `secure::hsts!`.
#[proc_macro]
pub fn hsts(input: TokenStream) -> TokenStream {
    hsts::expand(input.into()).into()
}

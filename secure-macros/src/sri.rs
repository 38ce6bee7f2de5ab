//! `sri!("static/app.js")`: the `integrity` attribute of a file, computed at compile time.

use crate::errors::Place;
use crate::file::ReadFile;
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;
use secure_core::csp::HashAlgorithm;
use syn::LitStr;

/// Expands `sri!` to a `&'static str` block, or to its error beside `""`.
pub fn expand(tokens: TokenStream) -> TokenStream {
    match read(tokens) {
        Ok(file) => {
            let integrity = HashAlgorithm::Sha384.integrity(&file.bytes);
            let track = file.track();
            quote! {{ #track #integrity }}
        }
        Err(error) => {
            let error = error.to_compile_error();
            quote! {{ #error "" }}
        }
    }
}

/// The file named by the one string literal of the input (a `,` after it is allowed).
fn read(tokens: TokenStream) -> syn::Result<ReadFile> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let string = |tree: &TokenTree| syn::parse2::<LitStr>(tree.clone().into()).ok();
    let path = match trees.as_slice() {
        [literal] => string(literal),
        [literal, TokenTree::Punct(comma)] if comma.as_char() == ',' => string(literal),
        _ => None,
    };
    match path {
        Some(path) => ReadFile::read(&path, "`sri!`"),
        None => {
            let place = match (trees.first(), trees.last()) {
                (Some(first), Some(last)) => Place::of(first.span()).to(Place::of(last.span())),
                _ => Place::of(Span::call_site()),
            };
            Err(place.error(
                "`sri!` takes the path of a file as one string literal, relative to the directory of the crate's Cargo.toml: `sri!(\"static/app.js\")`",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expansion(input: &str) -> String {
        expand(input.parse().unwrap()).to_string()
    }

    /// The file is named by `include_bytes!` with its full path, so that cargo rebuilds the
    /// caller when it changes; the value is the SHA-384 of its bytes.
    #[test]
    fn includes_the_file_it_hashes() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        let bytes = std::fs::read(path).unwrap();
        let expanded = expansion("\"Cargo.toml\"");
        let include = format!("include_bytes ! ({path:?})");
        assert!(expanded.contains(&include), "{expanded}");
        let value = format!("{:?}", HashAlgorithm::Sha384.integrity(&bytes));
        assert!(expanded.contains(&value), "{expanded}");
        assert_eq!(expansion("\"Cargo.toml\","), expanded);
    }

    #[test]
    fn refuses_other_forms() {
        for input in [
            "",
            "Cargo",
            "\"a\" \"b\"",
            "\"Cargo.toml\" ; 1",
            "b\"Cargo.toml\"",
        ] {
            let expanded = expansion(input);
            assert!(
                expanded.contains("takes the path of a file as one string literal"),
                "{input}: {expanded}"
            );
        }
        assert!(expansion("\"no-such-file\"").contains("cannot read"));
    }
}

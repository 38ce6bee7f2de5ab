//! Files read at compile time (`sha384(file: "..")` in `csp!`, `sri!`): found relative to
//! the calling crate's directory, and named in the expansion by `include_bytes!` so that
//! cargo rebuilds the crate, and the macro hashes again, when the file changes.

use proc_macro2::TokenStream;
use quote::quote;
use std::path::PathBuf;
use syn::LitStr;

/// A file the expansion depends on: its bytes, and the absolute path to track.
pub struct ReadFile {
    pub bytes: Vec<u8>,
    path: String,
}

impl ReadFile {
    /// Reads the file `literal` names, relative to `CARGO_MANIFEST_DIR`; an error at the
    /// literal when it cannot be read. `what` names the macro form in the message.
    pub fn read(literal: &LitStr, what: &str) -> syn::Result<Self> {
        let written = literal.value();
        let fail = |reason: String| {
            syn::Error::new(
                literal.span(),
                format!(
                    "{what} cannot read `{}`: {reason}; the path is relative to the directory of the crate's Cargo.toml",
                    written.escape_debug()
                ),
            )
        };
        if written.is_empty() {
            return Err(syn::Error::new(
                literal.span(),
                format!(
                    "{what} needs the path of a file, not an empty string; the path is relative to the directory of the crate's Cargo.toml"
                ),
            ));
        }
        let Some(directory) = std::env::var_os("CARGO_MANIFEST_DIR") else {
            return Err(fail(
                "CARGO_MANIFEST_DIR is not set (build with cargo)".into(),
            ));
        };
        let full = PathBuf::from(directory).join(&written);
        let Some(path) = full.to_str().map(str::to_owned) else {
            return Err(fail("the full path is not UTF-8".into()));
        };
        match std::fs::read(&full) {
            Ok(bytes) => Ok(Self { bytes, path }),
            Err(error) => Err(fail(error.to_string())),
        }
    }

    /// An unused constant that includes the file, so that cargo's dependency information
    /// lists it.
    pub fn track(&self) -> TokenStream {
        let path = &self.path;
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    }
}

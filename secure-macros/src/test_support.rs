//! What the property tests of the three macros share.

use proc_macro2::TokenStream;
use proptest::prelude::*;

/// `cases` cases, or `PROPTEST_CASES` for a longer run.
pub(crate) fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig::with_cases(cases)
}

/// Macro input text as the tokens the macro receives.
pub(crate) fn tokens(input: &str) -> Result<TokenStream, TestCaseError> {
    input
        .parse()
        .map_err(|e| TestCaseError::fail(format!("{input:?} is not Rust tokens: {e}")))
}

/// The facade's path as the facade passes it, in the spelling the tests expect to see.
pub(crate) fn krate() -> TokenStream {
    quote::quote!(::secure_http)
}

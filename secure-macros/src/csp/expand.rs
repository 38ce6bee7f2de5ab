//! The constant expression a validated policy expands to.

use crate::file::ReadFile;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use secure_core::csp::{ContentSecurityPolicy, DirectiveName, HashAlgorithm, Keyword, ValueKind};

/// The policy as constants; `files` are the files its hashes were computed from, included so
/// that cargo rebuilds when they change.
pub fn policy(
    krate: &TokenStream,
    policy: &ContentSecurityPolicy,
    files: &[ReadFile],
) -> TokenStream {
    let csp = quote!(#krate::__private::csp);
    let mut value_lists = Vec::new();
    let mut directives = Vec::new();
    for (i, directive) in policy.directives().iter().enumerate() {
        let list = format_ident!("__SECURE_VALUES_{}", i);
        let values = directive.values().iter().map(|v| value(&csp, v.kind()));
        value_lists.push(quote! {
            const #list: &[#csp::Value] = &[#(#values),*];
        });
        let name = index_of(DirectiveName::ALL, directive.name());
        directives.push(quote! {
            #csp::Directive::__new(#csp::DirectiveName::ALL[#name], #list)
        });
    }
    let header = Literal::string(policy.as_str());
    let tracked = files.iter().map(ReadFile::track);
    quote! {{
        #(#tracked)*
        #(#value_lists)*
        const __SECURE_DIRECTIVES: &[#csp::Directive] = &[#(#directives),*];
        #csp::ContentSecurityPolicy::__from_static(__SECURE_DIRECTIVES, #header)
    }}
}

/// What the macro expands to beside its errors.
pub fn empty_policy(krate: &TokenStream) -> TokenStream {
    quote!(#krate::__private::csp::ContentSecurityPolicy::__from_static(&[], ""))
}

fn value(csp: &TokenStream, kind: ValueKind<'_>) -> TokenStream {
    let value = quote!(#csp::Value);
    match kind {
        ValueKind::Keyword(keyword) => {
            let i = index_of(Keyword::ALL, keyword);
            quote!(#value::__keyword(#csp::Keyword::ALL[#i]))
        }
        ValueKind::Nonce => quote!(#value::__nonce()),
        ValueKind::Hash(algorithm, digest) => {
            let i = index_of(HashAlgorithm::ALL, algorithm);
            quote!(#value::__hash(#csp::HashAlgorithm::ALL[#i], #digest))
        }
        ValueKind::Scheme(scheme) => quote!(#value::__scheme(#scheme)),
        ValueKind::Host(host) => quote!(#value::__host(#host)),
        ValueKind::Word(word) => quote!(#value::__word(#word)),
        other => unreachable!("secure-core added a value kind the macro does not know: {other:?}"),
    }
}

fn index_of<T: PartialEq>(all: &[T], item: T) -> usize {
    all.iter()
        .position(|x| *x == item)
        .expect("every variant is in its ALL table")
}

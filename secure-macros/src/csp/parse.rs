//! Reading `csp!` input into directives written in header syntax, each piece with its place.
//!
//! This module only translates the macro's surface syntax (bare keywords, `data:`, `nonce`,
//! `sha256("...")`, `sha384(file: "...")`) into header text; what is valid is decided by
//! `secure-core`. A policy written as one string literal is header text already, and is left
//! to [`HeaderLiteral`].

use super::header::HeaderLiteral;
use crate::errors::{Errors, Place};
use crate::file::ReadFile;
use crate::word::Word;
use proc_macro2::TokenTree;
use secure_core::csp::{DirectiveName, HashAlgorithm, Keyword, ValueGrammar};
use syn::parse::{ParseStream, Parser};
use syn::{LitStr, Token};

/// One directive, its values already in header syntax.
pub struct WrittenDirective {
    pub name: Word,
    pub values: Vec<(String, Place)>,
}

/// The whole input.
pub struct CspInput {
    pub levels: Vec<LintLevel>,
    pub form: Form,
    /// The files hashed by `sha384(file: "...")`, which the expansion includes.
    pub files: Vec<ReadFile>,
}

/// How the policy is written, after the lint levels.
pub enum Form {
    /// `..preset` and directives in the macro's syntax: `default-src: self, img-src: data:`.
    Directives {
        preset: Option<Word>,
        directives: Vec<WrittenDirective>,
    },
    /// Header text in one string literal: `"default-src 'self'; img-src data:"`.
    Header(HeaderLiteral),
}

/// `#![allow(name, ..)]` or `#![deny(name, ..)]`: one lint name and its level.
pub struct LintLevel {
    pub deny: bool,
    pub name: Word,
}

/// Parses the input; a directive with a syntax error is reported and skipped, so that
/// the errors of the other directives are reported in the same build.
pub fn parse(tokens: proc_macro2::TokenStream, errors: &mut Errors) -> CspInput {
    let mut files = Vec::new();
    let parser = |input: ParseStream| -> syn::Result<CspInput> {
        let mut levels = Vec::new();
        while input.peek(Token![#]) {
            levels.extend(parse_lint_levels(input)?);
        }
        if starts_header(input) {
            let header = parse_header(input, errors)?;
            return Ok(CspInput {
                levels,
                form: Form::Header(header),
                files: Vec::new(),
            });
        }
        let mut preset = None;
        if input.peek(Token![..]) {
            let dots = input.parse::<Token![..]>()?;
            if !Word::peek(input) {
                return Err(Place::of(dots.spans[0]).to(Place::of(dots.spans[1])).error(
                    "expected a preset's name after `..`, such as `..library-default` or `..strict`",
                ));
            }
            let name = Word::parse(input)?;
            end_of_item(input)?;
            if input.peek(LitStr) && !input.peek2(Token![:]) {
                let string: LitStr = input.parse()?;
                errors.push(Place::of(string.span()).error(format!(
                    "a preset cannot be extended by a policy string: write the directives in `csp!` syntax after `..{}`, or the whole policy in the string",
                    name.text
                )));
                skip_past_comma(input)?;
            }
            preset = Some(name);
        }
        let mut directives = Vec::new();
        while !input.is_empty() {
            match parse_directive(input, &mut files) {
                Ok(directive) => directives.push(directive),
                Err(error) => {
                    errors.push(error);
                    skip_past_comma(input)?;
                }
            }
        }
        Ok(CspInput {
            levels,
            form: Form::Directives { preset, directives },
            files,
        })
    };
    match parser.parse2(tokens) {
        Ok(input) => input,
        Err(error) => {
            errors.push(error);
            CspInput {
                levels: Vec::new(),
                form: Form::Directives {
                    preset: None,
                    directives: Vec::new(),
                },
                files: Vec::new(),
            }
        }
    }
}

/// A literal not followed by `:`: the string form. (`"default-src": self` is a directive
/// name written as a string, which directive parsing reports.)
fn starts_header(input: ParseStream) -> bool {
    input.peek(syn::Lit) && !Word::peek(input) && !input.peek2(Token![:])
}

/// The policy string, and nothing after it but a `,`. What follows is reported, and the
/// string still checked.
fn parse_header(input: ParseStream, errors: &mut Errors) -> syn::Result<HeaderLiteral> {
    let literal: syn::Lit = input.parse()?;
    let syn::Lit::Str(string) = literal else {
        return Err(syn::Error::new(
            literal.span(),
            "expected a string literal of header text, such as \"default-src 'self'\", or directives such as `default-src: self`",
        ));
    };
    if input.peek(Token![,]) {
        input.parse::<Token![,]>()?;
    }
    let second_string = input.peek(LitStr);
    if let Some(rest) = skip_rest(input)? {
        errors.push(rest.error(if second_string {
            "one string literal holds the whole policy: join the strings (a `\\` at the end of a line continues a string on the next)"
        } else {
            "unexpected tokens after the policy string: it holds the whole policy, in header syntax"
        }));
    }
    Ok(HeaderLiteral::new(&string))
}

/// Consumes the rest of the input, returning where it was written, if anything was left.
fn skip_rest(input: ParseStream) -> syn::Result<Option<Place>> {
    input.step(|cursor| {
        let mut rest = *cursor;
        let mut place: Option<Place> = None;
        while let Some((tree, next)) = rest.token_tree() {
            let here = Place::of(tree.span());
            place = Some(place.map_or(here, |start| start.to(here)));
            rest = next;
        }
        Ok((place, rest))
    })
}

/// `#![allow(unsafe_inline, unsafe_eval)]` or `#![deny(all)]`, before the directives.
fn parse_lint_levels(input: ParseStream) -> syn::Result<Vec<LintLevel>> {
    input.parse::<Token![#]>()?;
    if !input.peek(Token![!]) {
        return Err(input.error("write lint levels as inner attributes: `#![allow(..)]`"));
    }
    let bang = input.parse::<Token![!]>()?;
    if !input.peek(syn::token::Bracket) {
        return Err(
            Place::of(bang.span).error("write lint levels as inner attributes: `#![allow(..)]`")
        );
    }
    let content;
    syn::bracketed!(content in input);
    if !Word::peek(&content) {
        return Err(content.error("expected `allow` or `deny`, as in `#![allow(unsafe_inline)]`"));
    }
    let level = Word::parse(&content)?;
    let deny = match level.text.as_str() {
        "allow" => false,
        "deny" => true,
        _ => {
            return Err(level
                .place
                .error("expected `allow` or `deny`, as in `#![allow(unsafe_inline)]`"));
        }
    };
    if !content.peek(syn::token::Paren) {
        return Err(level.place.error(format!(
            "name the lints in parentheses: `#![{}(unsafe_inline)]`",
            level.text
        )));
    }
    let names;
    syn::parenthesized!(names in content);
    let mut levels = Vec::new();
    while !names.is_empty() {
        if !Word::peek(&names) {
            return Err(names.error(
                "expected a lint's name, such as `unsafe_inline` (LINTS.md lists them), or `all`",
            ));
        }
        levels.push(LintLevel {
            deny,
            name: Word::parse(&names)?,
        });
        if !names.is_empty() {
            names.parse::<Token![,]>()?;
        }
    }
    if !content.is_empty() {
        return Err(content.error(
            "expected only `allow(..)` or `deny(..)` in one attribute: write each level in a `#![..]` of its own",
        ));
    }
    Ok(levels)
}

fn end_of_item(input: ParseStream) -> syn::Result<()> {
    if input.is_empty() {
        return Ok(());
    }
    input.parse::<Token![,]>().map(drop)
}

fn skip_past_comma(input: ParseStream) -> syn::Result<()> {
    input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            rest = next;
            if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
        }
        Ok(((), rest))
    })
}

fn parse_directive(input: ParseStream, files: &mut Vec<ReadFile>) -> syn::Result<WrittenDirective> {
    if input.peek(Token![#]) {
        return Err(input.error(
            "lint levels come first in `csp!`, before the preset and the directives: move this `#![..]` to the start",
        ));
    }
    if !Word::peek(input) {
        return Err(input.error(
            "expected a directive name such as `default-src`, or `..preset` as the first item",
        ));
    }
    let name = Word::parse(input)?;
    let grammar = DirectiveName::from_name(&name.text).map(DirectiveName::grammar);
    let mut values = Vec::new();
    if input.peek(Token![:]) {
        input.parse::<Token![:]>()?;
        while !input.is_empty() && !input.peek(Token![,]) {
            values.push(parse_value(input, grammar, files)?);
        }
    }
    if !input.is_empty() {
        if !input.peek(Token![,]) {
            return Err(input.error(format!(
                "expected `:` and the values of `{}`, or `,` before the next directive",
                name.text
            )));
        }
        input.parse::<Token![,]>()?;
    }
    Ok(WrittenDirective { name, values })
}

/// One value, as header text.
fn parse_value(
    input: ParseStream,
    grammar: Option<ValueGrammar>,
    files: &mut Vec<ReadFile>,
) -> syn::Result<(String, Place)> {
    if input.peek(LitStr) {
        let literal: LitStr = input.parse()?;
        return Ok((literal.value(), Place::of(literal.span())));
    }
    if input.peek(Token![*]) {
        let star: Token![*] = input.parse()?;
        if input.peek(Token![.]) {
            let first = Word {
                text: "*".to_owned(),
                place: Place::of(star.span),
            };
            return Err(bare_host(input, first));
        }
        return Ok(("*".to_owned(), Place::of(star.span)));
    }
    if input.peek(Token![;]) {
        return Err(input.error("directives are separated by `,` in `csp!`, not `;`"));
    }
    if !Word::peek(input) {
        return Err(input.error(
            "expected a source: a keyword such as `self`, a scheme such as `https:`, or a string such as \"https://cdn.example.com\"",
        ));
    }
    let word = Word::parse(input)?;
    if input.peek(syn::token::Paren) {
        return parse_function(input, word, files);
    }
    if input.peek(Token![:]) && !input.peek(Token![::]) {
        let colon: Token![:] = input.parse()?;
        if DirectiveName::from_name(&word.text).is_some() {
            return Err(word.place.error(format!(
                "`{}` starts a new directive: add a `,` before it (in Rust `//` starts a comment, so write URLs as strings)",
                word.text
            )));
        }
        return Ok((
            format!("{}:", word.text),
            word.place.to(Place::of(colon.span)),
        ));
    }
    if input.peek(Token![.]) {
        return Err(bare_host(input, word));
    }
    let source_list = matches!(grammar, Some(ValueGrammar::SourceList) | None);
    if source_list && DirectiveName::from_name(&word.text).is_some() {
        return Err(word.place.error(format!(
            "`{0}` is a directive name, not a source: missing `,` before it? Write `, {0}: ...`",
            word.text
        )));
    }
    if source_list && COMMON_SCHEMES.contains(&word.text.as_str()) {
        return Err(word.place.error(format!(
            "`{0}` is not a keyword; for the scheme write `{0}:`",
            word.text
        )));
    }
    Ok((bare_word_as_header_text(&word.text, grammar), word.place))
}

/// Schemes that are often written without their colon.
const COMMON_SCHEMES: &[&str] = &[
    "data",
    "blob",
    "http",
    "https",
    "ws",
    "wss",
    "filesystem",
    "mediastream",
];

/// `sha256("console.log('hi')")`: the hash source of an inline script or style; or
/// `sha384(file: "static/app.js")`: the hash of a file's bytes, read now and tracked by the
/// expansion. The group is consumed whole even when it is wrong, so the other directives are
/// still checked.
fn parse_function(
    input: ParseStream,
    word: Word,
    files: &mut Vec<ReadFile>,
) -> syn::Result<(String, Place)> {
    let group: proc_macro2::Group = input.parse()?;
    let place = word.place.to(Place::of(group.span_close()));
    let Some(algorithm) = HashAlgorithm::from_name(&word.text) else {
        return Err(place.error(format!(
            "`{}(...)` is not a source; the hash functions are `sha256(...)`, `sha384(...)` and `sha512(...)`",
            word.text
        )));
    };
    let tokens: Vec<TokenTree> = group.stream().into_iter().map(visible).collect();
    let name = algorithm.name();
    let string = |tree: &TokenTree| match tree {
        TokenTree::Literal(_) => syn::parse2::<LitStr>(tree.clone().into()).ok(),
        _ => None,
    };
    let spanning = |tokens: &[TokenTree]| match tokens {
        [] => Place::of(group.span()),
        [first, .., last] => Place::of(first.span()).to(Place::of(last.span())),
        [only] => Place::of(only.span()),
    };
    match tokens.as_slice() {
        [TokenTree::Ident(file), rest @ ..] if file == "file" => {
            let path = match rest {
                [TokenTree::Punct(colon), path] if colon.as_char() == ':' => string(path),
                _ => None,
            };
            let Some(path) = path else {
                let at = if rest.is_empty() {
                    Place::of(file.span())
                } else {
                    spanning(rest)
                };
                return Err(at.error(format!(
                    "`{name}(file: ...)` takes the path of a file as one string literal, relative to the directory of the crate's Cargo.toml: `{name}(file: \"static/app.js\")`"
                )));
            };
            let read = ReadFile::read(&path, &format!("`{name}(file: ...)`"))?;
            let source = algorithm.hash_source_of_bytes(&read.bytes);
            files.push(read);
            Ok((source, place))
        }
        _ => match tokens.as_slice() {
            [literal] => string(literal),
            _ => None,
        }
        .map(|script| (algorithm.hash_source(&script.value()), place))
        .ok_or_else(|| {
            spanning(&tokens).error(format!(
            "`{name}(...)` takes the exact text of an inline script or style as one string literal, or `file: \"path\"` to hash a file"
        ))}),
    }
}

/// The token inside an invisible group, which is how `macro_rules!` passes on a `$s:literal`
/// or `$s:expr`: `sha256($s)` then reads the string as if it were written in place.
fn visible(tree: TokenTree) -> TokenTree {
    match tree {
        TokenTree::Group(group) if group.delimiter() == proc_macro2::Delimiter::None => {
            let mut inner = group.stream().into_iter();
            match (inner.next(), inner.next()) {
                (Some(only), None) => visible(only),
                _ => TokenTree::Group(group),
            }
        }
        tree => tree,
    }
}

/// `example.com` written without quotes: say how to write it.
fn bare_host(input: ParseStream, first: Word) -> syn::Error {
    let mut host = first.text;
    let mut place = first.place;
    loop {
        if input.peek(Token![.]) && input.peek2(syn::Ident) {
            let _ = input.parse::<Token![.]>();
            if let Ok(label) = Word::parse(input) {
                host.push('.');
                host.push_str(&label.text);
                place = place.to(label.place);
            }
        } else if input.peek(Token![.]) {
            // `*.` or `example.` with nothing after the dot.
            if let Ok(dot) = input.parse::<Token![.]>() {
                host.push('.');
                place = place.to(Place::of(dot.span));
            }
            return place.error(format!(
                "`{host}` is not a host: a host source is a string with a name after every `.`, such as \"*.example.com\""
            ));
        } else if input.peek(Token![:]) && !input.peek(Token![::]) && input.peek2(syn::LitInt) {
            // `example.com:8443`: the port goes into the string too.
            let _ = input.parse::<Token![:]>();
            if let Ok(port) = input.parse::<syn::LitInt>() {
                host.push(':');
                host.push_str(&port.to_string());
                place = place.to(Place::of(port.span()));
            }
        } else {
            break;
        }
    }
    place.error(format!(
        "host sources must be string literals: write \"{host}\""
    ))
}

/// What a bare word means in the header, given the directive it is written in.
fn bare_word_as_header_text(word: &str, grammar: Option<ValueGrammar>) -> String {
    let quoted = || format!("'{word}'");
    match grammar {
        // Bare words in source lists are keywords (or `nonce`); a word that is neither is
        // reported by the core as an unknown keyword, with a suggestion.
        Some(ValueGrammar::SourceList | ValueGrammar::TrustedTypesSinks | ValueGrammar::WebRtc)
        | None => quoted(),
        Some(ValueGrammar::TrustedTypesPolicies) => match Keyword::from_name(word) {
            Some(Keyword::None | Keyword::AllowDuplicates) => quoted(),
            _ => word.to_owned(),
        },
        Some(
            ValueGrammar::SandboxFlags
            | ValueGrammar::ReportUris
            | ValueGrammar::ReportEndpoint
            | ValueGrammar::Empty,
        ) => word.to_owned(),
    }
}

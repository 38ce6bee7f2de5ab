//! A policy as `csp!` source text, ready to paste: the way from a header someone wrote (or
//! [`analyze`](super::analyze) read) to a policy the compiler checks.

use super::DirectiveName;
use super::directive::ValueGrammar;
use super::error::CspError;
use super::policy::{ContentSecurityPolicy, Directive, render};
use super::value::{Value, ValueKind};

impl ContentSecurityPolicy {
    /// The `csp! { .. }` invocation that makes this policy, one directive a line.
    ///
    /// A literal nonce (`'nonce-r4nd0m'`, kept by [`analyze`](super::analyze)) is written as
    /// the DSL's `nonce`, a fresh one per response. Keywords are written bare, hosts, hashes,
    /// report URIs and other words as strings of header text. A finding of a lint that `csp!`
    /// denies by default gets its `#![allow(..)]`, so the text compiles as printed and says
    /// what it allows.
    ///
    /// Fails with the strict parser's error when the policy holds something `csp!` refuses
    /// (a word a browser reads as a host, such as an unquoted `self`; `'strict-dynamic'`
    /// without a nonce or hash), which only [`analyze`](super::analyze) keeps.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::csp::analyze;
    /// let analysis = analyze("script-src 'nonce-r4nd0m' 'strict-dynamic' https:; object-src 'none'; img-src 'self' data: https://img.example.com");
    /// assert_eq!(
    ///     analysis.policies()[0].policy().to_csp_macro()?,
    ///     r#"csp! {
    ///     script-src: nonce strict-dynamic https:,
    ///     object-src: none,
    ///     img-src: self data: "https://img.example.com",
    /// }"#
    /// );
    /// let weak: secure_http::ContentSecurityPolicy = "script-src 'self' 'unsafe-inline'".parse()?;
    /// assert_eq!(
    ///     weak.to_csp_macro()?,
    ///     "csp! {\n    #![allow(unsafe_inline)]\n    script-src: self unsafe-inline,\n}"
    /// );
    /// # Ok::<(), secure_http::csp::CspError>(())
    /// ```
    pub fn to_csp_macro(&self) -> Result<String, CspError> {
        // The strict parser decides what `csp!` accepts: literal nonces become placeholders,
        // and the rest must parse as it stands.
        let placeholders: Vec<Directive> = self
            .directives()
            .iter()
            .map(|d| {
                let values = d
                    .values()
                    .iter()
                    .map(|v| match v.kind() {
                        ValueKind::LiteralNonce(_) => Value::__nonce(),
                        _ => v.clone(),
                    })
                    .collect();
                Directive::owned(d.name(), values)
            })
            .collect();
        let strict: ContentSecurityPolicy = render(&placeholders).parse()?;
        let mut text = String::from("csp! {\n");
        let mut allowed: Vec<&str> = Vec::new();
        for finding in strict.lint() {
            let lint = finding.lint();
            if lint.denied_by_default() && !allowed.contains(&lint.name()) {
                allowed.push(lint.name());
            }
        }
        if !allowed.is_empty() {
            text.push_str(&format!("    #![allow({})]\n", allowed.join(", ")));
        }
        for directive in strict.directives() {
            text.push_str("    ");
            text.push_str(directive.name().as_str());
            if !directive.values().is_empty() {
                text.push(':');
                for value in directive.values() {
                    text.push(' ');
                    text.push_str(&value_text(directive.name(), value));
                }
            }
            text.push_str(",\n");
        }
        text.push('}');
        Ok(text)
    }
}

/// One value as `csp!` writes it.
fn value_text(directive: DirectiveName, value: &Value) -> String {
    let string = || format!("{:?}", value.to_string());
    match value.kind() {
        ValueKind::Keyword(keyword) => keyword.name().to_owned(),
        ValueKind::Nonce | ValueKind::LiteralNonce(_) => "nonce".to_owned(),
        ValueKind::Scheme(scheme) if is_word(scheme) => format!("{scheme}:"),
        ValueKind::Host("*") => "*".to_owned(),
        ValueKind::Word(word)
            if directive.grammar() == ValueGrammar::SandboxFlags && is_word(word) =>
        {
            word.to_owned()
        }
        _ => string(),
    }
}

/// Whether `text` reads as one word of the macro: lowercase identifiers joined by `-`, and
/// not a directive name (which would start a new directive).
fn is_word(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            part.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && DirectiveName::from_name(text).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_value_is_written_as_the_macro_reads_it() {
        let policy: ContentSecurityPolicy = "default-src 'none'; script-src 'nonce' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' 'strict-dynamic' 'report-sample'; img-src * data: chrome-extension: ms-app+x: https://*.example.com:8443/p/; sandbox allow-scripts; report-uri /csp-report https://r.example/x; report-to csp-endpoint; require-trusted-types-for 'script'; trusted-types dompurify 'allow-duplicates'; webrtc 'block'; upgrade-insecure-requests"
            .parse()
            .unwrap();
        assert_eq!(
            policy.to_csp_macro().unwrap(),
            r#"csp! {
    default-src: none,
    script-src: nonce "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='" strict-dynamic report-sample,
    img-src: * data: chrome-extension: "ms-app+x:" "https://*.example.com:8443/p/",
    sandbox: allow-scripts,
    report-uri: "/csp-report" "https://r.example/x",
    report-to: "csp-endpoint",
    require-trusted-types-for: script,
    trusted-types: "dompurify" allow-duplicates,
    webrtc: block,
    upgrade-insecure-requests,
}"#
        );
    }

    #[test]
    fn what_the_strict_parser_refuses_is_its_error() {
        let analysis = super::super::analyze("img-src self; script-src 'strict-dynamic'");
        let policy = analysis.policies()[0].policy();
        let error = policy.to_csp_macro().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`self` without quotes is a host name; did you mean `'self'`? (at byte 8)"
        );
    }
}

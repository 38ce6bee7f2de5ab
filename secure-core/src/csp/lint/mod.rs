//! Security lints: a policy that parses can still be weak. Each lint names one weakness that
//! Google's CSP Evaluator or MDN's HTTP Observatory would report.
//!
//! `csp!` refuses to compile a policy with a finding of a lint that is denied by default,
//! unless the author writes `#![allow(lint_name)]` inside it; the others are returned by
//! [`ContentSecurityPolicy::lint`] (logged by the integrations at start-up) and can be made
//! compile errors with `#![deny(lint_name)]` or `#![deny(all)]`.

mod bypass_hosts;
mod levels;

pub use bypass_hosts::{BYPASS_HOSTS, BypassKind};
pub use levels::{LintError, LintLevels};

use super::directive::DirectiveName;
use super::keyword::Keyword;
use super::policy::{ContentSecurityPolicy, Directive};
use super::value::{Value, ValueKind};
use crate::syntax::Syntax;
use std::fmt;

/// How bad a finding is, on the scale of Google's CSP Evaluator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Defeats the protection against XSS.
    High,
    /// Weakens it.
    Medium,
    /// Weakens it in some deployments: check it fits yours.
    MediumMaybe,
    /// Worth knowing.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::MediumMaybe => "medium (maybe)",
            Self::Info => "info",
        })
    }
}

macro_rules! lint_table {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, $denied:literal; )*) => {
        /// A named weakness a policy can have.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Lint {
            $( $(#[$doc])* $variant, )*
        }

        impl Lint {
            /// Every lint.
            pub const ALL: &'static [Lint] = &[ $( Lint::$variant, )* ];

            /// The name used in `#![allow(..)]` and `#![deny(..)]`.
            pub const fn name(self) -> &'static str {
                match self { $( Lint::$variant => $name, )* }
            }

            /// How bad its findings are.
            pub const fn severity(self) -> Severity {
                match self { $( Lint::$variant => Severity::$severity, )* }
            }

            /// Whether `csp!` refuses its findings unless they are allowed.
            pub const fn denied_by_default(self) -> bool {
                match self { $( Lint::$variant => $denied, )* }
            }
        }
    };
}

lint_table! {
    /// `'unsafe-inline'` in a script directive without a nonce or hash: any injected inline
    /// script runs.
    UnsafeInline = "unsafe_inline", High, true;
    /// `*`, `http:`, `https:` or `data:` in a script directive, `object-src` or `base-uri`:
    /// script from anywhere.
    PermissiveSource = "permissive_source", High, true;
    /// An allow-listed host that serves JSONP or AngularJS (see [`BYPASS_HOSTS`]).
    BypassHost = "bypass_host", High, true;
    /// A script source over plain `http://`: anyone on the network can replace the script.
    HttpScriptSource = "http_script_source", Medium, true;
    /// `'unsafe-eval'`: strings become code through `eval()` and friends.
    UnsafeEval = "unsafe_eval", MediumMaybe, false;
    /// `'unsafe-hashes'`: hashed event handlers and `javascript:` URLs run.
    UnsafeHashes = "unsafe_hashes", MediumMaybe, false;
    /// A non-script source over plain `http://`.
    HttpSource = "http_source", Medium, false;
    /// A report URI over plain `http://`: reports can be read or changed on the way.
    HttpReportUri = "http_report_uri", Medium, false;
    /// No `object-src 'none'` and no `default-src 'none'`: plugins can run script.
    MissingObjectSrc = "missing_object_src", High, false;
    /// Neither `script-src` nor `default-src`: scripts are not restricted at all.
    MissingScriptSrc = "missing_script_src", High, false;
    /// Nonces or `'strict-dynamic'` without `base-uri`: an injected `<base>` redirects
    /// relative script URLs.
    MissingBaseUri = "missing_base_uri", High, false;
    /// An IP address as a host source.
    IpSource = "ip_source", Info, false;
    /// `'self'` in a script directive: same-origin JSONP endpoints or uploaded files can be
    /// run as script.
    SelfInScriptSrc = "self_in_script_src", MediumMaybe, false;
    /// A keyword that browsers accept where it does nothing, such as `'unsafe-eval'` in
    /// `script-src-elem`: harmless, but the policy does not do what it seems to say.
    IgnoredKeyword = "ignored_keyword", Info, false;
}

impl Lint {
    /// Looks a lint up by name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|l| l.name() == name)
    }

    /// The lint name closest to a misspelled one.
    pub fn closest(name: &str) -> Option<&'static str> {
        crate::suggest::closest(name, Self::ALL.iter().map(|l| l.name()))
    }

    /// What the same finding is called by Google's CSP Evaluator.
    pub const fn csp_evaluator_name(self) -> &'static str {
        match self {
            Self::UnsafeInline => "SCRIPT_UNSAFE_INLINE",
            Self::PermissiveSource => "PLAIN_WILDCARD / PLAIN_URL_SCHEMES",
            Self::BypassHost => "SCRIPT_ALLOWLIST_BYPASS (high)",
            Self::HttpScriptSource | Self::HttpSource | Self::HttpReportUri => "SRC_HTTP",
            Self::UnsafeEval => "SCRIPT_UNSAFE_EVAL",
            Self::UnsafeHashes => "SCRIPT_UNSAFE_HASHES",
            Self::MissingObjectSrc | Self::MissingScriptSrc | Self::MissingBaseUri => {
                "MISSING_DIRECTIVES"
            }
            Self::IpSource => "IP_SOURCE",
            Self::SelfInScriptSrc => "SCRIPT_ALLOWLIST_BYPASS ('self')",
            Self::IgnoredKeyword => "(none)",
        }
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One weakness found in a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    lint: Lint,
    directive: Option<DirectiveName>,
    value: Option<String>,
    /// Index of the directive in the policy and of the value in the directive.
    location: Option<(usize, Option<usize>)>,
}

impl Finding {
    /// The lint.
    pub fn lint(&self) -> Lint {
        self.lint
    }

    /// How bad it is.
    pub fn severity(&self) -> Severity {
        self.lint.severity()
    }

    /// The directive concerned (for missing ones, the one to add).
    pub fn directive(&self) -> Option<DirectiveName> {
        self.directive
    }

    /// The value concerned, as in the header.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// Where in the policy: the index of the directive and, for a value, its index in the
    /// directive. `None` for something missing.
    pub fn location(&self) -> Option<(usize, Option<usize>)> {
        self.location
    }

    /// The risk in one line and the way out, spelled for the given syntax.
    pub fn message(&self, syntax: Syntax) -> String {
        let value = self.value.as_deref().unwrap_or("");
        let shown = match syntax {
            Syntax::Header => value.to_owned(),
            // The macro writes keywords without quotes.
            Syntax::Macro if value.starts_with('\'') => value.trim_matches('\'').to_owned(),
            Syntax::Macro => value.to_owned(),
        };
        let directive = self.directive.map_or("", DirectiveName::as_str);
        let nonce = match syntax {
            Syntax::Header => "`script-src 'nonce' 'strict-dynamic'`",
            Syntax::Macro => "`script-src: nonce strict-dynamic`",
        };
        let add_none = |directive: &str| match syntax {
            Syntax::Header => format!("add `{directive} 'none'`"),
            Syntax::Macro => format!("add `{directive}: none`"),
        };
        let (risk, way_out) = match self.lint {
            Lint::UnsafeInline => (
                format!("`{shown}` in `{directive}` lets any injected inline script run"),
                format!("use a nonce or hashes instead: {nonce}"),
            ),
            Lint::PermissiveSource => (
                format!("`{shown}` in `{directive}` allows script or plugins from anywhere"),
                format!("list the exact hosts, or use {nonce}"),
            ),
            Lint::BypassHost => (
                format!(
                    "`{shown}` in `{directive}` serves JSONP or AngularJS, which run an attacker's script through the allow-list"
                ),
                format!("use {nonce} instead of allow-listing script hosts"),
            ),
            Lint::HttpScriptSource => (
                format!("`{shown}` in `{directive}` loads script over plain HTTP, which anyone on the network can replace"),
                "use `https://`".to_owned(),
            ),
            Lint::UnsafeEval => (
                format!("`{shown}` in `{directive}` lets strings become code through `eval()`"),
                "remove it, or keep it only for code that cannot avoid `eval()`".to_owned(),
            ),
            Lint::UnsafeHashes => (
                format!("`{shown}` in `{directive}` lets hashed event handlers and `javascript:` URLs run"),
                "move event handlers into scripts with a nonce".to_owned(),
            ),
            Lint::HttpSource => (
                format!("`{shown}` in `{directive}` loads over plain HTTP"),
                "use `https://`".to_owned(),
            ),
            Lint::HttpReportUri => (
                format!("reports to `{shown}` travel over plain HTTP and can be read or changed"),
                "use an `https://` or relative report URI".to_owned(),
            ),
            Lint::MissingObjectSrc => (
                "without `object-src`, plugins can be injected and run script".to_owned(),
                add_none("object-src"),
            ),
            Lint::MissingScriptSrc => (
                "without `script-src` or `default-src`, scripts are not restricted".to_owned(),
                format!("add {nonce}"),
            ),
            Lint::MissingBaseUri => (
                "without `base-uri`, an injected `<base>` tag points relative script URLs at another site".to_owned(),
                add_none("base-uri"),
            ),
            Lint::IpSource => (
                format!("`{shown}` in `{directive}` is an IP address, which browsers match only when the page is loaded by that IP"),
                "use the host name".to_owned(),
            ),
            Lint::SelfInScriptSrc => (
                format!("`{shown}` in `{directive}` runs any same-origin file as script, JSONP endpoints and uploads included"),
                format!("prefer {nonce}"),
            ),
            Lint::IgnoredKeyword => (
                format!("`{shown}` in `{directive}` does nothing: browsers accept it there but give it no meaning"),
                "remove it; `eval()` is governed by `script-src` (or `default-src`)".to_owned(),
            ),
        };
        format!("{risk} (lint `{}`); {way_out}", self.lint.name())
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Syntax::Header))
    }
}

impl ContentSecurityPolicy {
    /// The weaknesses of this policy, in the order of the lints' table.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::csp::{ContentSecurityPolicy, lint::Lint};
    /// let policy: ContentSecurityPolicy = "script-src 'self' 'unsafe-inline'".parse()?;
    /// let lints: Vec<Lint> = policy.lint().iter().map(|f| f.lint()).collect();
    /// assert_eq!(lints, [Lint::UnsafeInline, Lint::MissingObjectSrc, Lint::SelfInScriptSrc]);
    /// # Ok::<(), secure_http::csp::CspError>(())
    /// ```
    pub fn lint(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        Checker {
            policy: self,
            findings: &mut findings,
        }
        .run();
        findings.sort_by_key(|f| (Lint::ALL.iter().position(|l| *l == f.lint), f.location));
        findings
    }
}

struct Checker<'a> {
    policy: &'a ContentSecurityPolicy,
    findings: &'a mut Vec<Finding>,
}

/// A directive as browsers apply it, with CSP3's neutralisations: a nonce or hash makes
/// `'unsafe-inline'` ignored, `'strict-dynamic'` makes host, scheme and `'self'` sources
/// ignored.
struct Effective<'a> {
    index: usize,
    directive: &'a Directive,
}

impl Effective<'_> {
    fn has(&self, keyword: Keyword) -> bool {
        self.directive
            .values()
            .iter()
            .any(|v| v.is_keyword(keyword))
    }

    fn has_nonce_or_hash(&self) -> bool {
        self.directive
            .values()
            .iter()
            .any(|v| v.is_nonce() || v.is_hash())
    }

    /// The values browsers still honour, with their index.
    fn honoured(&self) -> impl Iterator<Item = (usize, &Value)> {
        let nonce_or_hash = self.has_nonce_or_hash();
        let strict_dynamic = self.has(Keyword::StrictDynamic);
        self.directive
            .values()
            .iter()
            .enumerate()
            .filter(move |(_, v)| {
                let ignored_inline = nonce_or_hash && v.is_keyword(Keyword::UnsafeInline);
                let ignored_allowlist = strict_dynamic
                    && matches!(
                        v.kind(),
                        ValueKind::Host(_)
                            | ValueKind::Scheme(_)
                            | ValueKind::Keyword(Keyword::SelfOrigin)
                    );
                !ignored_inline && !ignored_allowlist
            })
    }
}

impl Checker<'_> {
    fn find(&self, name: DirectiveName) -> Option<Effective<'_>> {
        self.policy
            .directives()
            .iter()
            .enumerate()
            .find(|(_, d)| d.name() == name)
            .map(|(index, directive)| Effective { index, directive })
    }

    /// The directive browsers apply for `name`, following the fallback chain.
    fn effective(&self, name: DirectiveName) -> Option<Effective<'_>> {
        use DirectiveName as D;
        let chain: &[DirectiveName] = match name {
            D::ScriptSrcElem | D::ScriptSrcAttr => &[D::ScriptSrc, D::DefaultSrc],
            D::ObjectSrc | D::ScriptSrc => &[D::DefaultSrc],
            _ => &[],
        };
        self.find(name)
            .or_else(|| chain.iter().find_map(|&fallback| self.find(fallback)))
    }

    /// The effective script directives, each once.
    fn script_directives(&self) -> Vec<Effective<'_>> {
        use DirectiveName as D;
        let mut seen = Vec::new();
        let mut effective = Vec::new();
        for name in [D::ScriptSrc, D::ScriptSrcElem, D::ScriptSrcAttr] {
            if let Some(directive) = self.effective(name)
                && !seen.contains(&directive.index)
            {
                seen.push(directive.index);
                effective.push(directive);
            }
        }
        effective
    }

    fn report(&mut self, lint: Lint, at: &Effective<'_>, value: Option<(usize, &Value)>) {
        self.findings.push(Finding {
            lint,
            directive: Some(at.directive.name()),
            value: value.map(|(_, v)| v.to_string()),
            location: Some((at.index, value.map(|(i, _)| i))),
        });
    }

    fn report_missing(&mut self, lint: Lint, directive: DirectiveName) {
        self.findings.push(Finding {
            lint,
            directive: Some(directive),
            value: None,
            location: None,
        });
    }

    fn run(&mut self) {
        use DirectiveName as D;
        let scripts = self.script_directives();
        let mut found = Vec::new();
        for script in &scripts {
            let blocks_everything = script.has(Keyword::None);
            let allows_eval = script.has(Keyword::UnsafeEval);
            let scope = script.directive.name().scope();
            for (i, value) in script.honoured() {
                let lint = match value.kind() {
                    ValueKind::Keyword(keyword) if !keyword.meaningful_in(scope) => {
                        Some(Lint::IgnoredKeyword)
                    }
                    ValueKind::Keyword(Keyword::UnsafeInline) => Some(Lint::UnsafeInline),
                    ValueKind::Keyword(Keyword::UnsafeEval) => Some(Lint::UnsafeEval),
                    ValueKind::Keyword(Keyword::UnsafeHashes) => Some(Lint::UnsafeHashes),
                    // `'self'` in `script-src-attr` loads no script: attributes run inline.
                    ValueKind::Keyword(Keyword::SelfOrigin)
                        if !blocks_everything && script.directive.name() != D::ScriptSrcAttr =>
                    {
                        Some(Lint::SelfInScriptSrc)
                    }
                    ValueKind::Host(host) if is_plain_http(host) => Some(Lint::HttpScriptSource),
                    _ => None,
                };
                if let Some(lint) = lint {
                    found.push((lint, script.index, i));
                }
                if let ValueKind::Host(host) = value.kind()
                    && serves_bypass(host, allows_eval)
                {
                    found.push((Lint::BypassHost, script.index, i));
                }
            }
        }
        let mut xss_directives = scripts;
        for name in [D::ObjectSrc, D::BaseUri] {
            let directive = if name == D::BaseUri {
                self.find(name)
            } else {
                self.effective(name)
            };
            if let Some(directive) = directive
                && !xss_directives.iter().any(|d| d.index == directive.index)
            {
                xss_directives.push(directive);
            }
        }
        for directive in &xss_directives {
            for (i, value) in directive.honoured() {
                if is_permissive(value) {
                    found.push((Lint::PermissiveSource, directive.index, i));
                }
            }
        }
        let script_indexes: Vec<usize> = xss_directives.iter().map(|d| d.index).collect();
        for (index, directive) in self.policy.directives().iter().enumerate() {
            for (i, value) in directive.values().iter().enumerate() {
                match value.kind() {
                    ValueKind::Host(host) if is_ip_address(host) => {
                        found.push((Lint::IpSource, index, i));
                    }
                    _ => {}
                }
                let plain_http = matches!(value.kind(), ValueKind::Host(h) | ValueKind::Word(h) if is_plain_http(h));
                if plain_http && directive.name() == D::ReportUri {
                    found.push((Lint::HttpReportUri, index, i));
                } else if plain_http && !script_indexes.contains(&index) {
                    found.push((Lint::HttpSource, index, i));
                }
            }
        }
        for (lint, index, i) in found {
            let directive = &self.policy.directives()[index];
            let at = Effective { index, directive };
            self.report(lint, &at, Some((i, &directive.values()[i])));
        }

        let object_is_none = match self.effective(D::ObjectSrc) {
            Some(object) => object
                .directive
                .values()
                .iter()
                .all(|v| v.is_keyword(Keyword::None)),
            None => false,
        };
        if self.find(D::ObjectSrc).is_none() && !object_is_none {
            self.report_missing(Lint::MissingObjectSrc, D::ObjectSrc);
        }
        if self.find(D::ScriptSrc).is_none() && self.find(D::DefaultSrc).is_none() {
            self.report_missing(Lint::MissingScriptSrc, D::ScriptSrc);
        }
        let needs_base_uri = self.script_directives().iter().any(|d| {
            d.directive.values().iter().any(Value::is_nonce)
                || (d.directive.values().iter().any(Value::is_hash)
                    && d.has(Keyword::StrictDynamic))
        });
        if needs_base_uri && self.find(D::BaseUri).is_none() {
            self.report_missing(Lint::MissingBaseUri, D::BaseUri);
        }
    }
}

/// `*`, `http:`, `https:`, `data:`, or a host source that is only a wildcard.
fn is_permissive(value: &Value) -> bool {
    match value.kind() {
        ValueKind::Scheme(scheme) => matches!(scheme, "http" | "https" | "data"),
        ValueKind::Host(host) => {
            let without_scheme = host.split_once("://").map_or(host, |(_, rest)| rest);
            without_scheme == "*"
                || without_scheme.starts_with("*:")
                || without_scheme.starts_with("*/")
        }
        _ => false,
    }
}

/// Whether a host source or URL names the `http` scheme, which browsers read in any case.
fn is_plain_http(source: &str) -> bool {
    source
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
}

/// The host part of a host source, lowercase, without the trailing dot that names the same
/// host to DNS.
fn host_of(source: &str) -> String {
    let without_scheme = source.split_once("://").map_or(source, |(_, rest)| rest);
    let end = without_scheme
        .find([':', '/'])
        .unwrap_or(without_scheme.len());
    let host = &without_scheme[..end];
    host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase()
}

/// Whether an allow-listed host source covers a host of [`BYPASS_HOSTS`].
fn serves_bypass(source: &str, allows_eval: bool) -> bool {
    let host = host_of(source);
    let covers = |listed: &str| match host.strip_prefix("*.") {
        Some(parent) => listed.ends_with(&format!(".{parent}")),
        None => listed == host,
    };
    BYPASS_HOSTS.iter().any(|(listed, kinds)| {
        covers(listed)
            && kinds
                .iter()
                .any(|kind| *kind != BypassKind::JsonpNeedsEval || allows_eval)
    })
}

fn is_ip_address(source: &str) -> bool {
    host_of(source).parse::<std::net::Ipv4Addr>().is_ok()
}

#[cfg(test)]
mod tests;

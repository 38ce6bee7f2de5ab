//! The quoted keywords of CSP (`'self'`, `'unsafe-inline'`, ...).

use super::directive::SourceScope;
use std::fmt;

macro_rules! keyword_table {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal; )*) => {
        /// A keyword, written quoted in the header (`'self'`) and bare in `csp!` (`self`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Keyword {
            $( $(#[$doc])* $variant, )*
        }

        impl Keyword {
            /// Every keyword.
            pub const ALL: &'static [Keyword] = &[ $( Keyword::$variant, )* ];

            /// The keyword without its quotes, lowercase.
            pub const fn name(self) -> &'static str {
                match self { $( Keyword::$variant => $name, )* }
            }

            /// The keyword named exactly `lower` (lowercase).
            fn from_lowercase(lower: &str) -> Option<Self> {
                match lower {
                    $( $name => Some(Keyword::$variant), )*
                    _ => None,
                }
            }
        }
    };
}

keyword_table! {
    /// `'self'`: the page's own origin.
    SelfOrigin = "self";
    /// `'none'`: nothing at all; only meaningful alone.
    None = "none";
    /// `'unsafe-inline'`: inline scripts or styles.
    UnsafeInline = "unsafe-inline";
    /// `'unsafe-eval'`: `eval()` and friends.
    UnsafeEval = "unsafe-eval";
    /// `'strict-dynamic'`: trust what nonce'd or hashed scripts load.
    StrictDynamic = "strict-dynamic";
    /// `'unsafe-hashes'`: hashes also match event handlers and style attributes.
    UnsafeHashes = "unsafe-hashes";
    /// `'report-sample'`: include the first characters of the blocked code in reports.
    ReportSample = "report-sample";
    /// `'wasm-unsafe-eval'`: WebAssembly compilation.
    WasmUnsafeEval = "wasm-unsafe-eval";
    /// `'trusted-types-eval'`: `eval()` of Trusted Types values.
    TrustedTypesEval = "trusted-types-eval";
    /// `'report-sha256'`: report the SHA-256 of loaded scripts.
    ReportSha256 = "report-sha256";
    /// `'report-sha384'`.
    ReportSha384 = "report-sha384";
    /// `'report-sha512'`.
    ReportSha512 = "report-sha512";
    /// `'unsafe-allow-redirects'`: belonged to the removed `navigate-to`.
    UnsafeAllowRedirects = "unsafe-allow-redirects";
    /// `'unsafe-webtransport-hashes'`: WebTransport certificate hashes in `connect-src`.
    UnsafeWebtransportHashes = "unsafe-webtransport-hashes";
    /// `'inline-speculation-rules'` (Chromium): inline speculation rules.
    InlineSpeculationRules = "inline-speculation-rules";
    /// `'script'`: the only value of `require-trusted-types-for`.
    Script = "script";
    /// `'allow-duplicates'`: in `trusted-types`.
    AllowDuplicates = "allow-duplicates";
    /// `'allow'`: in `webrtc`.
    Allow = "allow";
    /// `'block'`: in `webrtc`.
    Block = "block";
}

impl Keyword {
    /// Looks a keyword up by its name without quotes, ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<Self> {
        crate::syntax::with_ascii_lowercase(name, Self::from_lowercase).flatten()
    }

    /// Whether this keyword is a source expression at all (`'script'` or `'allow'` are not).
    pub const fn is_source(self) -> bool {
        !matches!(
            self,
            Keyword::Script | Keyword::AllowDuplicates | Keyword::Allow | Keyword::Block
        )
    }

    /// Whether browsers give this keyword a meaning in a source list of this scope.
    pub(crate) fn meaningful_in(self, scope: SourceScope) -> bool {
        use SourceScope as S;
        match self {
            Keyword::SelfOrigin | Keyword::None => scope != S::NotSources,
            Keyword::UnsafeInline | Keyword::UnsafeHashes | Keyword::ReportSample => {
                matches!(scope, S::Default | S::Script | S::ScriptPart | S::Style)
            }
            Keyword::UnsafeEval | Keyword::WasmUnsafeEval | Keyword::TrustedTypesEval => {
                matches!(scope, S::Default | S::Script)
            }
            Keyword::StrictDynamic
            | Keyword::ReportSha256
            | Keyword::ReportSha384
            | Keyword::ReportSha512
            | Keyword::InlineSpeculationRules => {
                matches!(scope, S::Default | S::Script | S::ScriptPart)
            }
            Keyword::UnsafeWebtransportHashes => matches!(scope, S::Default | S::Connect),
            Keyword::UnsafeAllowRedirects
            | Keyword::Script
            | Keyword::AllowDuplicates
            | Keyword::Allow
            | Keyword::Block => false,
        }
    }

    /// Whether a policy may hold this keyword in a source list of this scope: where it has a
    /// meaning, and `'unsafe-eval'` in `script-src-elem` and `script-src-attr`, which browsers
    /// accept without giving it one (the `ignored_keyword` lint reports it).
    pub(crate) fn accepted_in(self, scope: SourceScope) -> bool {
        self.meaningful_in(scope)
            || (self == Keyword::UnsafeEval && scope == SourceScope::ScriptPart)
    }

    /// The closest keyword to a misspelled one.
    pub(crate) fn closest(name: &str) -> Option<Keyword> {
        crate::suggest::closest(name, Self::ALL.iter().map(|k| k.name()))
            .and_then(Keyword::from_name)
    }
}

impl fmt::Display for Keyword {
    /// Prints the keyword as in the header, with its quotes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}'", self.name())
    }
}

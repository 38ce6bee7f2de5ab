//! The table of CSP directives: every name the grammar knows, the value grammar it takes,
//! and the obsolete names with what replaces them.

use std::fmt;

/// What a directive's value looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueGrammar {
    /// A list of source expressions (`'self' https://cdn.example.com ...`).
    SourceList,
    /// `sandbox`: zero or more sandbox flags.
    SandboxFlags,
    /// No value at all (`upgrade-insecure-requests`).
    Empty,
    /// `report-uri`: one or more URI references.
    ReportUris,
    /// `report-to`: exactly one endpoint name.
    ReportEndpoint,
    /// `require-trusted-types-for`: `'script'`.
    TrustedTypesSinks,
    /// `trusted-types`: policy names, `'allow-duplicates'`, `'none'` or `*`.
    TrustedTypesPolicies,
    /// `webrtc`: `'allow'` or `'block'`.
    WebRtc,
}

impl ValueGrammar {
    /// Whether a directive of this grammar needs at least one value.
    pub(crate) fn needs_value(self) -> bool {
        !matches!(
            self,
            Self::Empty | Self::SandboxFlags | Self::TrustedTypesPolicies
        )
    }

    /// Whether a directive of this grammar takes exactly one value.
    pub(crate) fn takes_one(self) -> bool {
        matches!(
            self,
            Self::ReportEndpoint | Self::WebRtc | Self::TrustedTypesSinks
        )
    }
}

/// Which sources make sense in a source-list directive; decides where keywords,
/// nonces and hashes are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceScope {
    /// `default-src`: everything that a fetch directive falls back from.
    Default,
    /// `script-src` itself (the only place `'unsafe-eval'` counts besides default-src).
    Script,
    /// `script-src-elem`, `script-src-attr`.
    ScriptPart,
    /// `style-src`, `style-src-elem`, `style-src-attr`.
    Style,
    /// `connect-src`.
    Connect,
    /// `frame-ancestors`: only host and scheme sources, `'self'` and `'none'`.
    FrameAncestors,
    /// Every other source list (img-src, base-uri, form-action, ...).
    Other,
    /// Not a source list.
    NotSources,
}

macro_rules! directive_table {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal => $grammar:ident, $scope:ident; )*) => {
        /// A directive name that browsers implement today.
        ///
        /// Obsolete names (`prefetch-src`, `plugin-types`, ...) are not variants: the parser
        /// rejects them with the advice of what replaces them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum DirectiveName {
            $( $(#[$doc])* $variant, )*
        }

        impl DirectiveName {
            /// The directive named exactly `lower` (lowercase).
            fn from_lowercase(lower: &str) -> Option<Self> {
                match lower {
                    $( $name => Some(DirectiveName::$variant), )*
                    _ => None,
                }
            }

            /// Every directive, in the order of the table.
            pub const ALL: &'static [DirectiveName] = &[ $( DirectiveName::$variant, )* ];

            /// The name as written in the header (always lowercase).
            pub const fn as_str(self) -> &'static str {
                match self { $( DirectiveName::$variant => $name, )* }
            }

            /// The grammar of this directive's value.
            pub const fn grammar(self) -> ValueGrammar {
                match self { $( DirectiveName::$variant => ValueGrammar::$grammar, )* }
            }

            pub(crate) const fn scope(self) -> SourceScope {
                match self { $( DirectiveName::$variant => SourceScope::$scope, )* }
            }
        }
    };
}

directive_table! {
    /// `default-src`: the fallback for the fetch directives.
    DefaultSrc = "default-src" => SourceList, Default;
    /// `child-src`: workers and nested browsing contexts.
    ChildSrc = "child-src" => SourceList, Other;
    /// `connect-src`: fetch, XHR, WebSocket, EventSource.
    ConnectSrc = "connect-src" => SourceList, Connect;
    /// `font-src`.
    FontSrc = "font-src" => SourceList, Other;
    /// `frame-src`: what this page may frame.
    FrameSrc = "frame-src" => SourceList, Other;
    /// `img-src`.
    ImgSrc = "img-src" => SourceList, Other;
    /// `manifest-src`.
    ManifestSrc = "manifest-src" => SourceList, Other;
    /// `media-src`: audio, video, tracks.
    MediaSrc = "media-src" => SourceList, Other;
    /// `object-src`: `<object>` and `<embed>`.
    ObjectSrc = "object-src" => SourceList, Other;
    /// `script-src`.
    ScriptSrc = "script-src" => SourceList, Script;
    /// `script-src-elem`: `<script>` elements.
    ScriptSrcElem = "script-src-elem" => SourceList, ScriptPart;
    /// `script-src-attr`: inline event handlers.
    ScriptSrcAttr = "script-src-attr" => SourceList, ScriptPart;
    /// `style-src`.
    StyleSrc = "style-src" => SourceList, Style;
    /// `style-src-elem`: `<style>` and `<link rel=stylesheet>`.
    StyleSrcElem = "style-src-elem" => SourceList, Style;
    /// `style-src-attr`: `style` attributes.
    StyleSrcAttr = "style-src-attr" => SourceList, Style;
    /// `worker-src`.
    WorkerSrc = "worker-src" => SourceList, Other;
    /// `fenced-frame-src` (Chromium only).
    FencedFrameSrc = "fenced-frame-src" => SourceList, Other;
    /// `base-uri`: what `<base href>` may point to.
    BaseUri = "base-uri" => SourceList, Other;
    /// `sandbox`: applies an iframe-like sandbox to the page.
    Sandbox = "sandbox" => SandboxFlags, NotSources;
    /// `form-action`: where forms may submit.
    FormAction = "form-action" => SourceList, Other;
    /// `frame-ancestors`: who may frame this page (supersedes `X-Frame-Options`).
    FrameAncestors = "frame-ancestors" => SourceList, FrameAncestors;
    /// `report-uri`: where violation reports are posted (deprecated, widely supported).
    ReportUri = "report-uri" => ReportUris, NotSources;
    /// `report-to`: the Reporting API endpoint name.
    ReportTo = "report-to" => ReportEndpoint, NotSources;
    /// `upgrade-insecure-requests`: fetch `http:` subresources over HTTPS.
    UpgradeInsecureRequests = "upgrade-insecure-requests" => Empty, NotSources;
    /// `block-all-mixed-content` (obsolete in the specification, still accepted).
    BlockAllMixedContent = "block-all-mixed-content" => Empty, NotSources;
    /// `require-trusted-types-for 'script'`.
    RequireTrustedTypesFor = "require-trusted-types-for" => TrustedTypesSinks, NotSources;
    /// `trusted-types`: the Trusted Types policies a page may create.
    TrustedTypes = "trusted-types" => TrustedTypesPolicies, NotSources;
    /// `webrtc 'allow'` or `webrtc 'block'`.
    Webrtc = "webrtc" => WebRtc, NotSources;
}

impl DirectiveName {
    /// Looks a name up, ignoring ASCII case as browsers do.
    pub fn from_name(name: &str) -> Option<Self> {
        crate::syntax::with_ascii_lowercase(name, Self::from_lowercase).flatten()
    }
}

impl fmt::Display for DirectiveName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Directives that browsers no longer implement, with what to write instead.
pub(crate) const OBSOLETE: &[(&str, &str)] = &[
    (
        "prefetch-src",
        "it was removed from CSP and browsers ignore it; remove it",
    ),
    (
        "navigate-to",
        "it was removed from CSP; use `form-action` to restrict form targets",
    ),
    (
        "plugin-types",
        "it was removed with browser plugins; use `object-src: none` instead",
    ),
    (
        "disown-opener",
        "it never shipped; send the `Cross-Origin-Opener-Policy` header instead",
    ),
    (
        "referrer",
        "it was removed from CSP; send the `Referrer-Policy` header instead",
    ),
    (
        "reflected-xss",
        "it was removed with the XSS auditors; restrict `script-src` instead",
    ),
    (
        "require-sri-for",
        "it never shipped; use `integrity` attributes on scripts and styles",
    ),
];

/// Finds the advice for an obsolete directive name.
pub(crate) fn obsolete_advice(name: &str) -> Option<(&'static str, &'static str)> {
    OBSOLETE
        .iter()
        .copied()
        .find(|(obsolete, _)| obsolete.eq_ignore_ascii_case(name))
}

/// The known directive closest to a misspelled one, if any is close.
pub(crate) fn closest_directive(name: &str) -> Option<&'static str> {
    crate::suggest::closest(name, DirectiveName::ALL.iter().map(|d| d.as_str()))
}

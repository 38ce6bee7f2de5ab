//! Ready-made policies: the three of the original secure-aiohttp, with exactly its output,
//! and the three behind `SecurityHeaders::new()`, `::strict()` and `::api()`.
//!
//! In `csp!`, start from one with `..name` as the first item (`..default`, `..same-origin`,
//! `..google-analytics`, `..secure`, `..strict`, `..api`); the directives written after it
//! replace the preset's directive of the same name in place, and the others are appended.

use super::directive::DirectiveName as D;
use super::keyword::Keyword as K;
use super::policy::{ContentSecurityPolicy, Directive};
use super::value::Value;

const SELF: &[Value] = &[Value::__keyword(K::SelfOrigin)];
const NONE: &[Value] = &[Value::__keyword(K::None)];
const DEFAULT_DIRECTIVES: &[Directive] = &[
    Directive::__new(D::ConnectSrc, SELF),
    Directive::__new(D::DefaultSrc, NONE),
    Directive::__new(D::ImgSrc, SELF),
    Directive::__new(D::ScriptSrc, SELF),
    Directive::__new(D::StyleSrc, SELF),
];
const SAME_ORIGIN_DIRECTIVES: &[Directive] = &[Directive::__new(D::DefaultSrc, SELF)];
const GOOGLE_ANALYTICS_SOURCES: &[Value] = &[
    Value::__keyword(K::SelfOrigin),
    Value::__host("www.google-analytics.com"),
    Value::__host("ajax.googleapis.com"),
];
const GOOGLE_ANALYTICS_DIRECTIVES: &[Directive] =
    &[Directive::__new(D::ScriptSrc, GOOGLE_ANALYTICS_SOURCES)];

/// `connect-src 'self'; default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'`:
/// images, scripts, fetches and styles from the page's own origin, nothing else.
///
/// ```
/// # use secure_core as secure_http;
/// assert_eq!(
///     secure_http::csp::presets::DEFAULT.as_str(),
///     "connect-src 'self'; default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'"
/// );
/// ```
pub const DEFAULT: ContentSecurityPolicy = ContentSecurityPolicy::__from_static(
    DEFAULT_DIRECTIVES,
    "connect-src 'self'; default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'",
);

/// `default-src 'self'`: every kind of resource from the page's own origin only.
///
/// ```
/// # use secure_core as secure_http;
/// assert_eq!(secure_http::csp::presets::SAME_ORIGIN.as_str(), "default-src 'self'");
/// ```
pub const SAME_ORIGIN: ContentSecurityPolicy =
    ContentSecurityPolicy::__from_static(SAME_ORIGIN_DIRECTIVES, "default-src 'self'");

/// `script-src 'self' www.google-analytics.com ajax.googleapis.com`, kept for compatibility
/// with the original.
///
/// Weak: `ajax.googleapis.com` serves JSONP and old AngularJS, which let an attacker run
/// script through the allow-list, and without `object-src` or `default-src` plugins are
/// unrestricted. Google's CSP Evaluator rates it high risk. Prefer a nonce-based policy.
///
/// ```
/// # use secure_core as secure_http;
/// assert_eq!(
///     secure_http::csp::presets::GOOGLE_ANALYTICS.as_str(),
///     "script-src 'self' www.google-analytics.com ajax.googleapis.com"
/// );
/// ```
pub const GOOGLE_ANALYTICS: ContentSecurityPolicy = ContentSecurityPolicy::__from_static(
    GOOGLE_ANALYTICS_DIRECTIVES,
    "script-src 'self' www.google-analytics.com ajax.googleapis.com",
);

const NONCE_STRICT_DYNAMIC: &[Value] = &[Value::__nonce(), Value::__keyword(K::StrictDynamic)];
const SELF_NONCE: &[Value] = &[Value::__keyword(K::SelfOrigin), Value::__nonce()];
const SCRIPT: &[Value] = &[Value::__keyword(K::Script)];
const SECURE_DIRECTIVES: &[Directive] = &[
    Directive::__new(D::DefaultSrc, NONE),
    Directive::__new(D::ScriptSrc, SELF),
    Directive::__new(D::StyleSrc, SELF),
    Directive::__new(D::ImgSrc, SELF),
    Directive::__new(D::FontSrc, SELF),
    Directive::__new(D::ConnectSrc, SELF),
    Directive::__new(D::ManifestSrc, SELF),
    Directive::__new(D::FormAction, SELF),
    Directive::__new(D::FrameAncestors, NONE),
    Directive::__new(D::BaseUri, NONE),
    Directive::__new(D::ObjectSrc, NONE),
    Directive::__new(D::UpgradeInsecureRequests, &[]),
];
const STRICT_DIRECTIVES: &[Directive] = &[
    Directive::__new(D::DefaultSrc, NONE),
    Directive::__new(D::ScriptSrc, NONCE_STRICT_DYNAMIC),
    Directive::__new(D::StyleSrc, SELF_NONCE),
    Directive::__new(D::ImgSrc, SELF),
    Directive::__new(D::FontSrc, SELF),
    Directive::__new(D::ConnectSrc, SELF),
    Directive::__new(D::ManifestSrc, SELF),
    Directive::__new(D::FormAction, SELF),
    Directive::__new(D::FrameAncestors, NONE),
    Directive::__new(D::BaseUri, NONE),
    Directive::__new(D::ObjectSrc, NONE),
    Directive::__new(D::RequireTrustedTypesFor, SCRIPT),
    Directive::__new(D::UpgradeInsecureRequests, &[]),
];
const API_DIRECTIVES: &[Directive] = &[
    Directive::__new(D::DefaultSrc, NONE),
    Directive::__new(D::FrameAncestors, NONE),
];

/// The default of `SecurityHeaders::new()`: nothing by default; scripts, styles, images,
/// fonts, fetches and the manifest from the site itself; forms to the site; no framing, no
/// `<base>`, no plugins; subresources upgraded to HTTPS.
///
/// ```
/// # use secure_core as secure_http;
/// assert_eq!(
///     secure_http::csp::presets::SECURE.as_str(),
///     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; upgrade-insecure-requests"
/// );
/// ```
pub const SECURE: ContentSecurityPolicy = ContentSecurityPolicy::__from_static(
    SECURE_DIRECTIVES,
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; upgrade-insecure-requests",
);

/// The CSP of `SecurityHeaders::strict()`: scripts only with this response's nonce (and
/// what they load), styles from the site or with the nonce, Trusted Types for DOM sinks.
///
/// ```
/// # use secure_core as secure_http;
/// assert_eq!(
///     secure_http::csp::presets::STRICT.as_str(),
///     "default-src 'none'; script-src 'nonce' 'strict-dynamic'; style-src 'self' 'nonce'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; require-trusted-types-for 'script'; upgrade-insecure-requests"
/// );
/// ```
pub const STRICT: ContentSecurityPolicy = ContentSecurityPolicy::__from_static(
    STRICT_DIRECTIVES,
    "default-src 'none'; script-src 'nonce' 'strict-dynamic'; style-src 'self' 'nonce'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; require-trusted-types-for 'script'; upgrade-insecure-requests",
);

/// The CSP of `SecurityHeaders::api()`, for responses that are never rendered as pages.
///
/// ```
/// # use secure_core as secure_http;
/// assert_eq!(secure_http::csp::presets::API.as_str(), "default-src 'none'; frame-ancestors 'none'");
/// ```
pub const API: ContentSecurityPolicy = ContentSecurityPolicy::__from_static(
    API_DIRECTIVES,
    "default-src 'none'; frame-ancestors 'none'",
);

/// The presets by the name `csp!` knows them by.
pub const BY_NAME: &[(&str, ContentSecurityPolicy)] = &[
    ("default", DEFAULT),
    ("same-origin", SAME_ORIGIN),
    ("google-analytics", GOOGLE_ANALYTICS),
    ("secure", SECURE),
    ("strict", STRICT),
    ("api", API),
];

/// Looks a preset up by name.
pub fn by_name(name: &str) -> Option<&'static ContentSecurityPolicy> {
    BY_NAME.iter().find(|(n, _)| *n == name).map(|(_, p)| p)
}

/// The preset name closest to a misspelled one (`google-analitycs`, the original's spelling).
pub fn closest_name(name: &str) -> Option<&'static str> {
    crate::suggest::closest(name, BY_NAME.iter().map(|(n, _)| *n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_what_their_header_text_parses_to() {
        for (name, preset) in BY_NAME {
            let parsed: ContentSecurityPolicy = preset.as_str().parse().unwrap();
            assert_eq!(&parsed, preset, "preset {name}");
        }
    }

    #[test]
    fn the_secure_presets_have_no_finding_above_info() {
        use crate::csp::lint::{Lint, Severity};
        for preset in [SECURE, STRICT, API] {
            for finding in preset.lint() {
                assert!(
                    finding.severity() >= Severity::MediumMaybe
                        && finding.lint() == Lint::SelfInScriptSrc,
                    "{preset}: {finding}"
                );
            }
        }
        assert!(STRICT.lint().is_empty() && API.lint().is_empty());
    }

    #[test]
    fn the_original_misspelling_is_suggested() {
        assert_eq!(closest_name("google-analitycs"), Some("google-analytics"));
    }
}

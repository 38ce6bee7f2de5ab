//! Ready-made policies: the three behind `SecurityHeaders::new()`, `::strict()` and
//! `::api()`, and the three of the original secure-aiohttp, with exactly its output.
//!
//! | constant | in `csp!` | what it is |
//! |---|---|---|
//! | [`LIBRARY_DEFAULT`] | `..library-default` | what `SecurityHeaders::new()` sends |
//! | [`STRICT`] | `..strict` | what `SecurityHeaders::strict()` sends |
//! | [`API`] | `..api` | what `SecurityHeaders::api()` sends |
//! | [`AIOHTTP_DEFAULT`] | `..aiohttp-default` | secure-aiohttp's `csp='default'` |
//! | [`SAME_ORIGIN`] | `..same-origin` | secure-aiohttp's `csp='same-origin'` |
//! | [`GOOGLE_ANALYTICS`] | `..google-analytics` | secure-aiohttp's `csp='google-analitycs'` |
//!
//! No preset is called `default`: secure-aiohttp's default and this library's are different
//! policies, and extending one while meaning the other silently loses `frame-ancestors`,
//! `base-uri`, `form-action` and `upgrade-insecure-requests`. `csp!` answers `..default`
//! (and the former `..secure`) with both names to choose from ([`renamed`]).
//!
//! In `csp!`, start from one with `..name` as the first item; the directives written after it
//! replace the preset's directive of the same name in place, and the others are appended.

use super::directive::DirectiveName as D;
use super::keyword::Keyword as K;
use super::policy::{ContentSecurityPolicy, Directive};
use super::value::Value;

const SELF: &[Value] = &[Value::__keyword(K::SelfOrigin)];
const NONE: &[Value] = &[Value::__keyword(K::None)];
const AIOHTTP_DEFAULT_DIRECTIVES: &[Directive] = &[
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

/// secure-aiohttp's `csp='default'`, `..aiohttp-default` in `csp!`:
/// `connect-src 'self'; default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'`,
/// images, scripts, fetches and styles from the page's own origin, nothing else.
///
/// It is not what [`SecurityHeaders::new()`] sends ([`LIBRARY_DEFAULT`]): it leaves out
/// `frame-ancestors`, `base-uri`, `form-action` and `upgrade-insecure-requests`.
///
/// [`SecurityHeaders::new()`]: crate::SecurityHeaders::new
///
/// ```
/// # use secure_core as secure_http;
/// assert_eq!(
///     secure_http::csp::presets::AIOHTTP_DEFAULT.as_str(),
///     "connect-src 'self'; default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'"
/// );
/// ```
pub const AIOHTTP_DEFAULT: ContentSecurityPolicy = ContentSecurityPolicy::__from_static(
    AIOHTTP_DEFAULT_DIRECTIVES,
    "connect-src 'self'; default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'",
);

/// secure-aiohttp's `csp='same-origin'`, `..same-origin` in `csp!`: `default-src 'self'`,
/// every kind of resource from the page's own origin only.
///
/// ```
/// # use secure_core as secure_http;
/// assert_eq!(secure_http::csp::presets::SAME_ORIGIN.as_str(), "default-src 'self'");
/// ```
pub const SAME_ORIGIN: ContentSecurityPolicy =
    ContentSecurityPolicy::__from_static(SAME_ORIGIN_DIRECTIVES, "default-src 'self'");

/// secure-aiohttp's `csp='google-analitycs'`, `..google-analytics` in `csp!`:
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
const LIBRARY_DEFAULT_DIRECTIVES: &[Directive] = &[
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

/// What [`SecurityHeaders::new()`] sends, `..library-default` in `csp!`: nothing by default; scripts, styles, images,
/// fonts, fetches and the manifest from the site itself; forms to the site; no framing, no
/// `<base>`, no plugins; subresources upgraded to HTTPS.
///
/// [`SecurityHeaders::new()`]: crate::SecurityHeaders::new
///
/// ```
/// # use secure_core as secure_http;
/// assert_eq!(
///     secure_http::csp::presets::LIBRARY_DEFAULT.as_str(),
///     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; upgrade-insecure-requests"
/// );
/// ```
pub const LIBRARY_DEFAULT: ContentSecurityPolicy = ContentSecurityPolicy::__from_static(
    LIBRARY_DEFAULT_DIRECTIVES,
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
    ("library-default", LIBRARY_DEFAULT),
    ("strict", STRICT),
    ("api", API),
    ("aiohttp-default", AIOHTTP_DEFAULT),
    ("same-origin", SAME_ORIGIN),
    ("google-analytics", GOOGLE_ANALYTICS),
];

/// What to write instead of a name that no longer names a preset: `default` was ambiguous
/// between secure-aiohttp's default and this library's, and `secure` did not say it is the
/// library's default.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::csp::presets;
/// assert!(presets::by_name("default").is_none());
/// assert_eq!(
///     presets::renamed("default"),
///     Some("write `library-default` for what `SecurityHeaders::new()` sends, or `aiohttp-default` for secure-aiohttp's smaller default")
/// );
/// ```
pub fn renamed(name: &str) -> Option<&'static str> {
    match name {
        "default" => Some(
            "write `library-default` for what `SecurityHeaders::new()` sends, or `aiohttp-default` for secure-aiohttp's smaller default",
        ),
        "secure" => Some("it is now `library-default`, what `SecurityHeaders::new()` sends"),
        _ => None,
    }
}

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
        for preset in [LIBRARY_DEFAULT, STRICT, API] {
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
    fn no_name_is_both_a_preset_and_renamed() {
        for (name, _) in BY_NAME {
            assert_eq!(renamed(name), None, "{name}");
        }
        assert!(renamed("default").is_some() && renamed("secure").is_some());
    }

    #[test]
    fn the_original_misspelling_is_suggested() {
        assert_eq!(closest_name("google-analitycs"), Some("google-analytics"));
    }
}

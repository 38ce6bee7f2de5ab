//! The policies of the original secure-aiohttp, with exactly its output.
//!
//! In `csp!`, start from one with `..name` as the first item (`..default`, `..same-origin`,
//! `..google-analytics`); the directives written after it replace the preset's directive of
//! the same name in place, and the others are appended.

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
/// assert_eq!(
///     secure_core::csp::presets::DEFAULT.as_str(),
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
/// assert_eq!(secure_core::csp::presets::SAME_ORIGIN.as_str(), "default-src 'self'");
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
/// assert_eq!(
///     secure_core::csp::presets::GOOGLE_ANALYTICS.as_str(),
///     "script-src 'self' www.google-analytics.com ajax.googleapis.com"
/// );
/// ```
pub const GOOGLE_ANALYTICS: ContentSecurityPolicy = ContentSecurityPolicy::__from_static(
    GOOGLE_ANALYTICS_DIRECTIVES,
    "script-src 'self' www.google-analytics.com ajax.googleapis.com",
);

/// The presets by the name `csp!` knows them by.
pub const BY_NAME: &[(&str, ContentSecurityPolicy)] = &[
    ("default", DEFAULT),
    ("same-origin", SAME_ORIGIN),
    ("google-analytics", GOOGLE_ANALYTICS),
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
    fn the_original_misspelling_is_suggested() {
        assert_eq!(closest_name("google-analitycs"), Some("google-analytics"));
    }
}

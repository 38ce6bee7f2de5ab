//! Reading HSTS header text (RFC 6797 section 6.1).

use super::error::{HstsError, HstsErrorKind};
use super::{Directive, StrictTransportSecurity};
use std::str::FromStr;

impl FromStr for StrictTransportSecurity {
    type Err = HstsError;

    /// Parses header text: directive names ignore ASCII case, `max-age` may be quoted,
    /// whitespace and empty directives are skipped. Unknown and repeated directives are
    /// rejected, and so is a `preload` the preload list would refuse.
    fn from_str(text: &str) -> Result<Self, HstsError> {
        if let Some((offset, c)) = text
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_graphic() || c == ' ' || c == '\t'))
        {
            return Err(HstsError::new(HstsErrorKind::InvalidCharacter(c), offset));
        }
        let mut max_age = None;
        let mut include_subdomains = false;
        let mut preload = None;
        let mut seen: Vec<Directive> = Vec::new();
        let mut start = 0;
        for segment in text.split(';') {
            let segment_start = start;
            start += segment.len() + 1;
            let trimmed = segment.trim_matches([' ', '\t']);
            if trimmed.is_empty() {
                continue;
            }
            let at =
                segment_start + (segment.len() - segment.trim_start_matches([' ', '\t']).len());
            let (name, value) = match trimmed.split_once('=') {
                Some((name, value)) => (name.trim_end_matches([' ', '\t']), Some(value)),
                None => (trimmed, None),
            };
            let directive = directive_from_name(name).map_err(|kind| HstsError::new(kind, at))?;
            if seen.contains(&directive) {
                return Err(HstsError::new(
                    HstsErrorKind::DuplicateDirective(directive),
                    at,
                ));
            }
            seen.push(directive);
            match (directive, value) {
                (Directive::MaxAge, Some(value)) => {
                    max_age = Some(parse_max_age(value).map_err(|kind| HstsError::new(kind, at))?);
                }
                (Directive::MaxAge, None) => {
                    return Err(HstsError::new(
                        HstsErrorKind::InvalidMaxAge(String::new()),
                        at,
                    ));
                }
                (directive, Some(_)) => {
                    return Err(HstsError::new(
                        HstsErrorKind::UnexpectedValue(directive),
                        at,
                    ));
                }
                (Directive::IncludeSubdomains, None) => include_subdomains = true,
                (Directive::Preload, None) => preload = Some(at),
            }
        }
        let max_age = max_age.ok_or(HstsError::new(HstsErrorKind::MissingMaxAge, 0))?;
        StrictTransportSecurity::new(max_age, include_subdomains, preload.is_some())
            .map_err(|kind| HstsError::new(kind, preload.unwrap_or(0)))
    }
}

fn directive_from_name(name: &str) -> Result<Directive, HstsErrorKind> {
    const NAMES: [(&str, Directive); 3] = [
        ("max-age", Directive::MaxAge),
        ("includeSubDomains", Directive::IncludeSubdomains),
        ("preload", Directive::Preload),
    ];
    NAMES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|(_, directive)| *directive)
        .ok_or_else(|| HstsErrorKind::UnknownDirective {
            name: name.to_owned(),
            suggestion: crate::suggest::closest(name, NAMES.iter().map(|(known, _)| *known)),
        })
}

fn parse_max_age(value: &str) -> Result<u32, HstsErrorKind> {
    let value = value.trim_matches([' ', '\t']);
    let digits = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HstsErrorKind::InvalidMaxAge(value.to_owned()));
    }
    digits.parse().map_err(|_| HstsErrorKind::MaxAgeTooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<StrictTransportSecurity, HstsError> {
        text.parse()
    }

    #[test]
    fn reads_what_browsers_read_and_prints_canonically() {
        let hsts = parse(" MAX-AGE=\"31536000\" ;includesubdomains;PRELOAD; ").unwrap();
        assert_eq!(hsts, StrictTransportSecurity::DEFAULT);
        assert_eq!(parse("max-age=0").unwrap().to_string(), "max-age=0");
    }

    #[test]
    fn rejects_with_offsets() {
        let error = parse("max-age=600; includeSubDomains; preload").unwrap_err();
        assert_eq!(
            error.kind(),
            &HstsErrorKind::PreloadTooShort { max_age: 600 }
        );
        assert_eq!(error.offset(), 32);
        let error = parse("max-age=1; max-age=2").unwrap_err();
        assert_eq!(
            error.kind(),
            &HstsErrorKind::DuplicateDirective(Directive::MaxAge)
        );
        assert_eq!(error.offset(), 11);
        assert_eq!(
            parse("max-age=1; includeSubDomain").unwrap_err().kind(),
            &HstsErrorKind::UnknownDirective {
                name: "includeSubDomain".into(),
                suggestion: Some("includeSubDomains")
            }
        );
        assert_eq!(
            parse("preload").unwrap_err().kind(),
            &HstsErrorKind::MissingMaxAge
        );
        assert_eq!(
            parse("max-age=99999999999").unwrap_err().kind(),
            &HstsErrorKind::MaxAgeTooLarge
        );
        assert_eq!(
            parse("max-age=-1").unwrap_err().kind(),
            &HstsErrorKind::InvalidMaxAge("-1".into())
        );
        assert_eq!(
            parse("max-age=1\r\nSet-Cookie: a=b").unwrap_err().kind(),
            &HstsErrorKind::InvalidCharacter('\r')
        );
    }
}

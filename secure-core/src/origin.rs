//! Web origins, `scheme://host[:port]`: the trusted origins of the CSRF check and the
//! allow-lists of Permissions-Policy use the same grammar.

use std::fmt;
use std::str::FromStr;

/// A whole web origin, `scheme://host[:port]`, compared exactly.
///
/// Comparing hosts alone (ignoring scheme or port) is how CVE-2025-24358 happened in
/// gorilla/csrf; an `Origin` therefore keeps all three, lowercased.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::origin::Origin;
/// let origin: Origin = "https://App.Example.com:8443".parse()?;
/// assert_eq!(origin.as_str(), "https://app.example.com:8443");
/// assert!("https://app.example.com/".parse::<Origin>().is_err());
/// assert!("app.example.com".parse::<Origin>().is_err());
/// # Ok::<(), secure_http::origin::InvalidOrigin>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin(String);

/// Why text is not an origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidOrigin {
    origin: String,
    reason: &'static str,
}

impl fmt::Display for InvalidOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid origin `{}`: {}",
            crate::syntax::escape_controls(&self.origin),
            self.reason
        )
    }
}

impl std::error::Error for InvalidOrigin {}

impl InvalidOrigin {
    /// The same reason, for `origin` as the user wrote it (before a wildcard was taken out).
    pub(crate) fn naming(self, origin: &str) -> Self {
        Self {
            origin: origin.to_owned(),
            ..self
        }
    }
}

impl Origin {
    /// The origin as browsers send it in the `Origin` header.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `host[:port]` part, as in a `Host` header.
    pub fn authority(&self) -> &str {
        self.0
            .split_once("://")
            .map_or("", |(_, authority)| authority)
    }
}

impl FromStr for Origin {
    type Err = InvalidOrigin;

    fn from_str(text: &str) -> Result<Self, InvalidOrigin> {
        match validate(text) {
            Ok(_) => Ok(Self(text.to_ascii_lowercase())),
            Err(reason) => Err(InvalidOrigin {
                origin: text.to_owned(),
                reason,
            }),
        }
    }
}

/// Whether `text` is a web origin (`http` or `https`) whose `host[:port]` is `authority`,
/// ignoring ASCII case: what parsing `text` as an [`Origin`] and comparing its scheme and
/// [`Origin::authority`] would say, without allocating (the CSRF check runs it per request).
#[cfg(feature = "csrf")]
pub(crate) fn is_web_origin_of(text: &str, authority: &str) -> bool {
    // Compare first, the cheap part, and validate only an origin that names the host.
    let own = match text.get(..8) {
        Some(scheme) if scheme.eq_ignore_ascii_case("https://") => &text[8..],
        _ => match text.get(..7) {
            Some(scheme) if scheme.eq_ignore_ascii_case("http://") => &text[7..],
            _ => return false,
        },
    };
    let scheme = &text[..text.len() - own.len() - 3];
    own.eq_ignore_ascii_case(authority) && validate_parts(scheme, own).is_ok()
}

/// Checks `text` as an origin, returning its scheme and `host[:port]`, or why it is not one.
fn validate(text: &str) -> Result<(&str, &str), &'static str> {
    // The first `://` (a byte search: `str::split_once` sets up a substring searcher, which
    // costs more than the whole check of a short origin).
    let at = text
        .as_bytes()
        .windows(3)
        .position(|w| w == b"://")
        .ok_or("expected `scheme://host[:port]`")?;
    let (scheme, authority) = (&text[..at], &text[at + 3..]);
    validate_parts(scheme, authority)?;
    Ok((scheme, authority))
}

/// Checks an origin's scheme and `host[:port]`.
fn validate_parts(scheme: &str, authority: &str) -> Result<(), &'static str> {
    let mut scheme_bytes = scheme.bytes();
    let scheme_ok = scheme_bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme_bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return Err("the scheme is a letter followed by letters, digits, `+`, `-` or `.`");
    }
    // One pass over the bytes for the four that cannot appear, then which one it was.
    if authority
        .bytes()
        .any(|b| matches!(b, b'/' | b'?' | b'#' | b'@'))
    {
        return Err(if authority.contains(['/', '?', '#']) {
            "an origin has no path, query or trailing slash"
        } else {
            "an origin has no user name or password"
        });
    }
    let (host, port) =
        split_port(authority).ok_or("after a bracketed IPv6 address only `:port` may follow")?;
    let host_ok = if let Some(ipv6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        ipv6.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        is_dotted_name(host)
    };
    if !host_ok && !host.is_ascii() {
        return Err(
            "the host is a name of ASCII letters, digits, `-` and `.`: write an international name in punycode (`xn--`)",
        );
    }
    if !host_ok {
        return Err(
            "the host is a name of letters, digits, `-` and `.`, an IPv4 address or a bracketed IPv6 address",
        );
    }
    if let Some(port) = port {
        let digits =
            !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        if !digits || port.starts_with('0') || port.parse::<u32>().map_or(true, |p| p > 65_535) {
            return Err("the port is a number from 1 to 65535, without leading zeros");
        }
        let default = if scheme.eq_ignore_ascii_case("https") {
            "443"
        } else if scheme.eq_ignore_ascii_case("http") {
            "80"
        } else {
            ""
        };
        if port == default {
            return Err("browsers leave the default port out of `Origin`; leave it out here too");
        }
    }
    Ok(())
}

/// Labels of ASCII letters, digits and `-`, separated by single dots, none empty.
fn is_dotted_name(host: &str) -> bool {
    let mut after_dot = true;
    for b in host.bytes() {
        match b {
            b'.' if after_dot => return false,
            b'.' => after_dot = true,
            b if b.is_ascii_alphanumeric() || b == b'-' => after_dot = false,
            _ => return false,
        }
    }
    !after_dot
}

/// `host:port` into host and port, minding the colons of IPv6 addresses; `None` when
/// something other than `:port` follows a bracketed address.
fn split_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        return match rest {
            "" => Some((host, None)),
            rest => rest.strip_prefix(':').map(|port| (host, Some(port))),
        };
    }
    Some(match authority.bytes().rposition(|b| b == b':') {
        Some(at) => (&authority[..at], Some(&authority[at + 1..])),
        None => (authority, None),
    })
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The allocation-free comparison says what parsing and comparing the parsed origin says.
    #[cfg(feature = "csrf")]
    #[test]
    fn web_origin_comparison_agrees_with_parsing() {
        use proptest::prelude::*;
        let parsed = |text: &str, host: &str| {
            text.parse::<Origin>().is_ok_and(|origin| {
                (origin.as_str().starts_with("https://") || origin.as_str().starts_with("http://"))
                    && origin.authority().eq_ignore_ascii_case(host)
            })
        };
        let cases = [
            ("https://app.example.com", "app.example.com", true),
            ("HTTPS://App.Example.COM", "app.example.com", true),
            ("http://app.example.com:8080", "APP.example.com:8080", true),
            ("https://[::1]:8443", "[::1]:8443", true),
            ("https://app.example.com:443", "app.example.com:443", false),
            ("https://app.example.com", "app.example.com:443", false),
            ("ftp://app.example.com", "app.example.com", false),
            ("null", "null", false),
            ("://app.example.com", "app.example.com", false),
            ("https://app.example.com/", "app.example.com/", false),
            (
                "https://user@app.example.com",
                "user@app.example.com",
                false,
            ),
            ("https://évil.example", "évil.example", false),
        ];
        for (text, host, same) in cases {
            assert_eq!(is_web_origin_of(text, host), same, "{text} {host}");
            assert_eq!(parsed(text, host), same, "{text} {host}");
        }
        proptest!(|(text in "(?i)(https?|ftp|x)?(://)?[a-z0-9.:\\[\\]@/é-]{0,20}", upper in any::<bool>())| {
            let authority = text.split_once("://").map_or("", |(_, a)| a);
            let host = if upper { authority.to_ascii_uppercase() } else { authority.to_owned() };
            prop_assert_eq!(is_web_origin_of(&text, &host), parsed(&text, &host), "{} {}", text, host);
        });
    }

    #[test]
    fn origins_are_whole_and_normalised() {
        for ok in [
            "https://a.example",
            "http://127.0.0.1:3000",
            "https://[::1]:8443",
            "HTTPS://A.EXAMPLE",
        ] {
            assert!(ok.parse::<Origin>().is_ok(), "{ok}");
        }
        for bad in [
            "a.example",
            "https://a.example/",
            "https://a.example/path",
            "https://user@a.example",
            "https://",
            "https://a..example",
            "https://a.example:99999",
            "https://a.example:",
            "1https://a.example",
            "null",
            "https://[::1]x",
            "https://[1.2.3.4]",
            "https://a.example:0443",
            "https://a.example:443",
            "http://a.example:80",
        ] {
            assert!(bad.parse::<Origin>().is_err(), "{bad}");
        }
    }
}

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
        let invalid = |reason| InvalidOrigin {
            origin: text.to_owned(),
            reason,
        };
        let (scheme, authority) = text
            .split_once("://")
            .ok_or_else(|| invalid("expected `scheme://host[:port]`"))?;
        let mut scheme_bytes = scheme.bytes();
        let scheme_ok = scheme_bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
            && scheme_bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
        if !scheme_ok {
            return Err(invalid(
                "the scheme is a letter followed by letters, digits, `+`, `-` or `.`",
            ));
        }
        if authority.contains(['/', '?', '#']) {
            return Err(invalid("an origin has no path, query or trailing slash"));
        }
        if authority.contains('@') {
            return Err(invalid("an origin has no user name or password"));
        }
        let (host, port) = split_port(authority)
            .ok_or_else(|| invalid("after a bracketed IPv6 address only `:port` may follow"))?;
        let host_ok = if let Some(ipv6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            ipv6.parse::<std::net::Ipv6Addr>().is_ok()
        } else {
            !host.is_empty()
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        };
        if !host_ok && !host.is_ascii() {
            return Err(invalid(
                "the host is a name of ASCII letters, digits, `-` and `.`: write an international name in punycode (`xn--`)",
            ));
        }
        if !host_ok {
            return Err(invalid(
                "the host is a name of letters, digits, `-` and `.`, an IPv4 address or a bracketed IPv6 address",
            ));
        }
        if let Some(port) = port {
            let digits =
                !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
            if !digits || port.starts_with('0') || port.parse::<u32>().map_or(true, |p| p > 65_535)
            {
                return Err(invalid(
                    "the port is a number from 1 to 65535, without leading zeros",
                ));
            }
            let default = match scheme.to_ascii_lowercase().as_str() {
                "https" => "443",
                "http" => "80",
                _ => "",
            };
            if port == default {
                return Err(invalid(
                    "browsers leave the default port out of `Origin`; leave it out here too",
                ));
            }
        }
        Ok(Self(text.to_ascii_lowercase()))
    }
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
    Some(match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
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

//! Cross-origin request checks with Fetch Metadata and `Origin`, by the rules of Go 1.25's
//! `CrossOriginProtection`.

use super::CsrfRejection;
use std::fmt;
use std::str::FromStr;

/// A whole web origin, `scheme://host[:port]`, compared exactly.
///
/// Comparing hosts alone (ignoring scheme or port) is how CVE-2025-24358 happened in
/// gorilla/csrf; an `Origin` therefore keeps all three, lowercased.
///
/// ```
/// use secure_core::csrf::Origin;
/// let origin: Origin = "https://App.Example.com:8443".parse()?;
/// assert_eq!(origin.as_str(), "https://app.example.com:8443");
/// assert!("https://app.example.com/".parse::<Origin>().is_err());
/// assert!("app.example.com".parse::<Origin>().is_err());
/// # Ok::<(), secure_core::csrf::InvalidOrigin>(())
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
        write!(f, "invalid origin `{}`: {}", self.origin, self.reason)
    }
}

impl std::error::Error for InvalidOrigin {}

impl Origin {
    /// The origin as browsers send it in the `Origin` header.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `host[:port]` part, as in a `Host` header.
    fn authority(&self) -> &str {
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
            ipv6.contains(':')
                && ipv6
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        } else {
            !host.is_empty()
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        };
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

/// What the origin check reads from a request.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestHeaders<'a> {
    /// The request method, uppercase as sent.
    pub method: &'a str,
    /// `Sec-Fetch-Site`, if present.
    pub sec_fetch_site: Option<&'a str>,
    /// `Origin`, if present.
    pub origin: Option<&'a str>,
    /// `Host` (or the `:authority` of HTTP/2), if present.
    pub host: Option<&'a str>,
}

/// The methods that cannot change state, and pass every check.
pub fn is_safe_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "OPTIONS")
}

/// The cross-origin rules: which requests count as coming from another site.
#[derive(Debug, Clone, Default)]
pub struct OriginCheck {
    trusted: Vec<Origin>,
    allow_same_site: bool,
    public_origin: Option<Origin>,
}

impl OriginCheck {
    /// Trusts requests whose `Origin` is exactly this origin, from any site.
    pub fn trust(mut self, origin: Origin) -> Self {
        if !self.trusted.contains(&origin) {
            self.trusted.push(origin);
        }
        self
    }

    /// Accepts `Sec-Fetch-Site: same-site` too (another subdomain of the same site).
    /// Off by default: a subdomain that serves user content could then post forms.
    pub fn allow_same_site(mut self, allow: bool) -> Self {
        self.allow_same_site = allow;
        self
    }

    /// The origin users reach the site at, for deployments behind a proxy that rewrites
    /// `Host`: without Fetch Metadata, `Origin` is compared with it instead of with `Host`.
    pub fn public_origin(mut self, origin: Origin) -> Self {
        self.public_origin = Some(origin);
        self
    }

    /// Decides one request:
    ///
    /// 1. `GET`, `HEAD` and `OPTIONS` pass.
    /// 2. An `Origin` in the trusted list passes.
    /// 3. `Sec-Fetch-Site: same-origin` or `none` (typed in the address bar) passes; `same-site`
    ///    passes when allowed; any other value is refused.
    /// 4. Without `Sec-Fetch-Site` (older browsers, plain HTTP), an `Origin` whose host and
    ///    port differ from `Host` (or that is not the public origin, when one is set) is refused.
    /// 5. A request with neither header comes from a non-browser client and passes.
    ///
    /// ```
    /// use secure_core::csrf::{OriginCheck, RequestHeaders};
    /// let check = OriginCheck::default();
    /// let post = |site, origin| RequestHeaders {
    ///     method: "POST", sec_fetch_site: site, origin, host: Some("app.example.com"),
    /// };
    /// assert!(check.check(&post(Some("same-origin"), None)).is_ok());
    /// assert!(check.check(&post(Some("cross-site"), Some("https://evil.example"))).is_err());
    /// assert!(check.check(&post(None, Some("https://app.example.com"))).is_ok());
    /// assert!(check.check(&post(None, Some("https://evil.example"))).is_err());
    /// assert!(check.check(&post(None, None)).is_ok());
    /// ```
    pub fn check(&self, request: &RequestHeaders<'_>) -> Result<(), CsrfRejection> {
        if is_safe_method(request.method) {
            return Ok(());
        }
        if self.is_trusted(request.origin) {
            return Ok(());
        }
        // Browsers send these values in lowercase; compared exactly, as Go does. An empty
        // header counts as absent.
        match request.sec_fetch_site.filter(|site| !site.is_empty()) {
            Some("same-origin" | "none") => return Ok(()),
            Some("same-site") if self.allow_same_site => return Ok(()),
            Some(_) => return Err(CsrfRejection::CrossOrigin),
            None => {}
        }
        let Some(origin) = request.origin else {
            return Ok(());
        };
        let same = match &self.public_origin {
            Some(public) => origin.eq_ignore_ascii_case(public.as_str()),
            None => {
                let authority = origin.split_once("://").map(|(_, authority)| authority);
                matches!((authority, request.host), (Some(a), Some(host)) if !a.is_empty() && a.eq_ignore_ascii_case(host))
            }
        };
        if same {
            Ok(())
        } else {
            Err(CsrfRejection::CrossOrigin)
        }
    }

    fn is_trusted(&self, origin: Option<&str>) -> bool {
        origin.is_some_and(|origin| {
            self.trusted
                .iter()
                .any(|t| t.as_str().eq_ignore_ascii_case(origin))
        })
    }

    /// The public origin's `host[:port]`, if one is set.
    pub fn public_authority(&self) -> Option<&str> {
        self.public_origin.as_ref().map(Origin::authority)
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

    #[test]
    fn trusted_origins_compare_scheme_host_and_port() {
        let check = OriginCheck::default().trust("https://partner.example".parse().unwrap());
        let post = |origin| RequestHeaders {
            method: "POST",
            sec_fetch_site: Some("cross-site"),
            origin: Some(origin),
            host: Some("app.example"),
        };
        assert!(check.check(&post("https://partner.example")).is_ok());
        assert!(check.check(&post("http://partner.example")).is_err());
        assert!(check.check(&post("https://partner.example:444")).is_err());
        assert!(check.check(&post("https://evil.partner.example")).is_err());
    }

    #[test]
    fn public_origin_replaces_host() {
        let check = OriginCheck::default().public_origin("https://app.example".parse().unwrap());
        let post = |origin| RequestHeaders {
            method: "POST",
            sec_fetch_site: None,
            origin: Some(origin),
            host: Some("backend:8080"),
        };
        assert!(check.check(&post("https://app.example")).is_ok());
        assert!(check.check(&post("http://app.example")).is_err());
        assert!(check.check(&post("http://backend:8080")).is_err());
    }
}

//! Transport rules, framework-neutral: redirecting plain HTTP to HTTPS ([`HttpsRedirect`])
//! and refusing requests for hosts the service does not serve ([`AllowedHosts`]).
//!
//! Both are opt-in. The integrations read a [`TransportRequest`] from each request and act on
//! the [`TransportDecision`]: pass it on, answer `308 Permanent Redirect`, or answer
//! `400 Bad Request` with a short plain reason. Nothing a client sends makes them panic, and
//! no `Location` is ever built from a host that is not a valid host name or IP address.

use crate::syntax::escape_controls;
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

/// The status of a redirect to HTTPS: 308 Permanent Redirect keeps the method and the body.
pub const REDIRECT_STATUS: u16 = 308;

/// What the transport rules read from a request.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransportRequest<'a> {
    /// The host the request is for, as [`request_host`] finds it.
    pub host: Option<&'a str>,
    /// `https` when the server knows the connection is TLS. Not the request URI's scheme,
    /// which the client writes (absolute-form targets, HTTP/2's `:scheme`).
    pub scheme: Option<&'a str>,
    /// The path and query of the request target; `/` when it has none.
    pub path_and_query: &'a str,
    /// The IP address of the connection's peer, when the server gives it.
    pub peer: Option<IpAddr>,
    /// The last `X-Forwarded-Proto` header line, where the nearest proxy appends its value;
    /// a value that is not text should be `Some("")`.
    pub x_forwarded_proto: Option<&'a str>,
    /// The last `Forwarded` header line, where the nearest proxy appends its element; a
    /// value that is not text should be `Some("")`.
    pub forwarded: Option<&'a str>,
}

/// What the integration should do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportDecision {
    /// Let it through.
    Pass,
    /// Answer [`REDIRECT_STATUS`] with this `Location`, an absolute `https://` URL.
    Redirect(String),
    /// Refuse it.
    Reject(TransportRejection),
}

/// Why a request was refused. Answered 400 with [`reason`](Self::reason) as the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportRejection {
    /// The request names no host.
    MissingHost,
    /// The host is not a host name or IP address with an optional port, or is ambiguous
    /// (several `Host` headers).
    InvalidHost,
    /// The host is not one of the [`AllowedHosts`].
    HostNotAllowed,
}

impl TransportRejection {
    /// The short plain reason: `missing Host header`, `invalid Host header`,
    /// `host not allowed`.
    pub const fn reason(self) -> &'static str {
        match self {
            Self::MissingHost => "missing Host header",
            Self::InvalidHost => "invalid Host header",
            Self::HostNotAllowed => "host not allowed",
        }
    }

    /// 400 Bad Request.
    pub const fn status(self) -> u16 {
        400
    }
}

impl fmt::Display for TransportRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

impl std::error::Error for TransportRejection {}

/// The host a request is for: the URI's authority (HTTP/2's `:authority`, or an
/// absolute-form target, which RFC 9112 puts before `Host`), else the `Host` header.
///
/// Several `Host` headers, one that is not text, or one that differs (case aside) from the
/// URI's authority give `Some("")`, which the rules refuse as invalid: a cache, these rules
/// and the application (which reads `Host`) must not be able to read different hosts.
/// RFC 9113 lets an HTTP/2 server treat such a request as malformed.
pub fn request_host<'a>(
    authority: Option<&'a str>,
    host_headers: impl IntoIterator<Item = &'a [u8]>,
) -> Option<&'a str> {
    let mut headers = host_headers.into_iter();
    let header = match (headers.next(), headers.next()) {
        (None, _) => None,
        (Some(_), Some(_)) => return Some(""),
        (Some(first), None) => Some(std::str::from_utf8(first).unwrap_or("")),
    };
    match (authority, header) {
        (Some(authority), Some(header)) if !authority.eq_ignore_ascii_case(header) => Some(""),
        (Some(authority), _) => Some(authority),
        (None, header) => header,
    }
}

/// Redirects plain-HTTP requests to HTTPS, on the same host and path, with
/// `308 Permanent Redirect`.
///
/// A request is known to be HTTPS when the server says its connection is TLS (`scheme`), or
/// when its peer is a trusted proxy that says so in `X-Forwarded-Proto` or `Forwarded`
/// (`proto=https`). Without
/// trusted proxies, or without a known peer address, these headers are ignored: any client
/// can send them. A request that is not HTTPS and names no valid host is refused with 400.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::transport::{HttpsRedirect, TransportDecision, TransportRequest};
/// let redirect = HttpsRedirect::new().https_port(8443).trust_proxy("10.0.0.0/8".parse()?);
/// let request = TransportRequest {
///     host: Some("app.example:8080"),
///     path_and_query: "/search?q=1",
///     ..TransportRequest::default()
/// };
/// assert_eq!(
///     redirect.decide(&request),
///     TransportDecision::Redirect("https://app.example:8443/search?q=1".into())
/// );
/// let proxied = TransportRequest {
///     peer: Some("10.1.2.3".parse()?),
///     x_forwarded_proto: Some("https"),
///     ..request
/// };
/// assert_eq!(redirect.decide(&proxied), TransportDecision::Pass);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpsRedirect {
    https_port: u16,
    trusted: Vec<TrustedProxy>,
}

impl Default for HttpsRedirect {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpsRedirect {
    /// Redirects to port 443, trusting no proxy.
    pub fn new() -> Self {
        Self {
            https_port: 443,
            trusted: Vec::new(),
        }
    }

    /// Redirects to this port (443 by default, and then left out of the `Location`).
    pub fn https_port(mut self, port: u16) -> Self {
        self.https_port = port;
        self
    }

    /// Believes `X-Forwarded-Proto` and `Forwarded` from peers in this range. Proxies append
    /// their value to what the request already carried, so the last value, the one the
    /// nearest proxy wrote, is taken: a client that sends `proto=https` itself only puts a
    /// value before it.
    pub fn trust_proxy(mut self, proxy: TrustedProxy) -> Self {
        if !self.trusted.contains(&proxy) {
            self.trusted.push(proxy);
        }
        self
    }

    /// Whether any proxy is trusted.
    pub fn has_trusted_proxies(&self) -> bool {
        !self.trusted.is_empty()
    }

    /// Whether `peer` is a trusted proxy.
    pub fn is_trusted(&self, peer: IpAddr) -> bool {
        self.trusted.iter().any(|proxy| proxy.contains(peer))
    }

    /// Whether the request reached the client-facing server over HTTPS.
    ///
    /// From a trusted peer, every forwarded header present must say `https`: a proxy that
    /// sets one of them cannot be overruled by a client sending the other.
    pub fn is_https(&self, request: &TransportRequest<'_>) -> bool {
        if request
            .scheme
            .is_some_and(|s| s.eq_ignore_ascii_case("https"))
        {
            return true;
        }
        if !request.peer.is_some_and(|peer| self.is_trusted(peer)) {
            return false;
        }
        let proto = request
            .x_forwarded_proto
            .map(|v| last_list_value(v).eq_ignore_ascii_case("https"));
        let forwarded = request
            .forwarded
            .map(|v| forwarded_proto(v).is_some_and(|p| p.eq_ignore_ascii_case("https")));
        match (proto, forwarded) {
            (None, None) => false,
            (proto, forwarded) => proto.unwrap_or(true) && forwarded.unwrap_or(true),
        }
    }

    /// Passes HTTPS requests; redirects the others to `https://` on the same host (without
    /// its port), the configured port, and the same path and query.
    pub fn decide(&self, request: &TransportRequest<'_>) -> TransportDecision {
        if self.is_https(request) {
            return TransportDecision::Pass;
        }
        let host = match request.host.map(Host::parse) {
            None => return TransportDecision::Reject(TransportRejection::MissingHost),
            Some(None) => return TransportDecision::Reject(TransportRejection::InvalidHost),
            Some(Some(host)) => host,
        };
        let mut location =
            String::with_capacity(16 + host.name.len() + request.path_and_query.len());
        location.push_str("https://");
        location.extend(host.name.chars().map(|c| c.to_ascii_lowercase()));
        if self.https_port != 443 {
            location.push(':');
            location.push_str(&self.https_port.to_string());
        }
        push_path(&mut location, request.path_and_query);
        TransportDecision::Redirect(location)
    }
}

/// Appends the path and query, `/` when they do not start with one, percent-encoding every
/// byte that is not visible ASCII.
fn push_path(location: &mut String, path_and_query: &str) {
    if !path_and_query.starts_with('/') {
        location.push('/');
        return;
    }
    for byte in path_and_query.bytes() {
        if byte.is_ascii_graphic() {
            location.push(char::from(byte));
        } else {
            location.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// The last non-empty element of a comma-separated list, trimmed.
fn last_list_value(value: &str) -> &str {
    value
        .rsplit(',')
        .map(str::trim)
        .find(|v| !v.is_empty())
        .unwrap_or("")
}

/// The last non-empty element of an RFC 7239 `Forwarded` header, split at commas outside
/// quoted strings: `None` when a quote is not closed.
fn last_forwarded_element(value: &str) -> Option<&str> {
    let mut last = "";
    let mut rest = value;
    loop {
        let (element, end) = split_unquoted(rest, b",")?;
        if !element.trim().is_empty() {
            last = element;
        }
        match end {
            Some((_, after)) => rest = after,
            None => return Some(last),
        }
    }
}

/// The `proto` of the last element of an RFC 7239 `Forwarded` header, the one the nearest
/// proxy appended: `None` when it has none, or when the header is malformed (an unclosed
/// quote, a parameter given twice in the element).
fn forwarded_proto(value: &str) -> Option<String> {
    let mut proto = None;
    let mut rest = last_forwarded_element(value)?;
    loop {
        let (pair, end) = split_unquoted(rest, b";,")?;
        let (name, raw) = pair.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("proto") {
            if proto.is_some() {
                return None;
            }
            proto = Some(unquote(raw.trim())?);
        }
        match end {
            Some((b';', after)) => rest = after,
            _ => return proto,
        }
    }
}

/// Splits at the first of `separators` outside a quoted string: the part before, and the
/// separator with the text after it. `None` when a quote is not closed.
fn split_unquoted<'a>(
    text: &'a str,
    separators: &[u8],
) -> Option<(&'a str, Option<(u8, &'a str)>)> {
    let (mut quoted, mut escaped) = (false, false);
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            _ if !quoted && separators.contains(&byte) => {
                return Some((&text[..at], Some((byte, &text[at + 1..]))));
            }
            _ => {}
        }
    }
    (!quoted).then_some((text, None))
}

/// A token, or a quoted string with its escapes resolved.
fn unquote(value: &str) -> Option<String> {
    let Some(inner) = value.strip_prefix('"') else {
        return Some(value.to_owned());
    };
    let inner = inner.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next()? } else { c });
    }
    Some(out)
}

/// A proxy whose forwarded headers are believed: one IP address, or a CIDR range.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::transport::TrustedProxy;
/// let range: TrustedProxy = "10.0.0.0/8".parse()?;
/// assert!(range.contains("10.20.30.40".parse()?));
/// assert!(!range.contains("11.0.0.1".parse()?));
/// assert!("fd00::/8".parse::<TrustedProxy>()?.contains("fd12::1".parse()?));
/// assert_eq!(
///     "10.0.0.1/8".parse::<TrustedProxy>().unwrap_err().to_string(),
///     "invalid trusted proxy `10.0.0.1/8`: host bits are set; did you mean `10.0.0.0/8`?"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TrustedProxy {
    network: IpAddr,
    prefix: u8,
}

impl TrustedProxy {
    /// Exactly this address.
    pub const fn ip(address: IpAddr) -> Self {
        let prefix = match address {
            IpAddr::V4(_) => 32,
            IpAddr::V6(_) => 128,
        };
        Self {
            network: address,
            prefix,
        }
    }

    /// Whether `peer` is in this range. An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, as
    /// dual-stack sockets report IPv4 peers) also matches as the IPv4 address it maps.
    pub fn contains(&self, peer: IpAddr) -> bool {
        self.contains_exactly(peer) || self.contains_exactly(peer.to_canonical())
    }

    fn contains_exactly(&self, peer: IpAddr) -> bool {
        match (self.network, peer) {
            (IpAddr::V4(network), IpAddr::V4(peer)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(network) == u32::from(peer) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(peer)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(network) == u128::from(peer) & mask
            }
            _ => false,
        }
    }
}

impl fmt::Display for TrustedProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Self::ip(self.network) {
            write!(f, "{}", self.network)
        } else {
            write!(f, "{}/{}", self.network, self.prefix)
        }
    }
}

impl FromStr for TrustedProxy {
    type Err = InvalidProxy;

    /// Parses `10.0.0.1`, `10.0.0.0/8`, `::1` or `fd00::/8`.
    fn from_str(input: &str) -> Result<Self, InvalidProxy> {
        let error = |reason: String| InvalidProxy {
            input: input.to_owned(),
            reason,
        };
        let (address, prefix) = match input.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (input, None),
        };
        let Ok(address) = address.parse::<IpAddr>() else {
            return Err(error(
                "expected an IP address or a CIDR range such as `10.0.0.0/8` or `fd00::/8`".into(),
            ));
        };
        let exact = Self::ip(address);
        let Some(prefix) = prefix else {
            return Ok(exact);
        };
        // `u8::from_str` accepts a leading `+`: a prefix length is digits only.
        let prefix = match prefix.parse::<u8>() {
            Ok(length) if prefix.bytes().all(|b| b.is_ascii_digit()) => length,
            _ => {
                return Err(error(format!(
                    "`{}` is not a prefix length",
                    escape_controls(prefix)
                )));
            }
        };
        if prefix > exact.prefix {
            return Err(error(format!(
                "a prefix of {prefix} bits is longer than an IPv{} address ({} bits)",
                if address.is_ipv4() { 4 } else { 6 },
                exact.prefix
            )));
        }
        let network = match address {
            IpAddr::V4(v4) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
                IpAddr::V4((u32::from(v4) & mask).into())
            }
            IpAddr::V6(v6) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
                IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))
            }
        };
        if network != address {
            return Err(error(format!(
                "host bits are set; did you mean `{network}/{prefix}`?"
            )));
        }
        Ok(Self { network, prefix })
    }
}

/// A trusted proxy that does not parse, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidProxy {
    input: String,
    reason: String,
}

impl fmt::Display for InvalidProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid trusted proxy `{}`: {}",
            escape_controls(&self.input),
            self.reason
        )
    }
}

impl std::error::Error for InvalidProxy {}

/// Refuses requests whose host is not listed, with 400: a defence against DNS rebinding and
/// against cache poisoning through forged `Host` headers.
///
/// Hosts compare without case and without a trailing dot. An entry without a port accepts
/// any port; `app.example:8443` accepts only that port. `*.app.example` accepts every
/// subdomain, at any depth, but not `app.example` itself. IPv6 addresses are written in
/// brackets (`[::1]`, `[::1]:8080`) and compare as addresses.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::transport::AllowedHosts;
/// let hosts = AllowedHosts::new(["app.example", "*.app.example", "localhost:8080", "[::1]"])?;
/// assert!(hosts.allows("APP.example:443"));
/// assert!(hosts.allows("eu.api.app.example"));
/// assert!(hosts.allows("localhost:8080") && !hosts.allows("localhost:9090"));
/// assert!(hosts.allows("[0:0::1]:3000"));
/// assert!(!hosts.allows("evil.example") && !hosts.allows("app.example.evil.example"));
/// assert_eq!(
///     AllowedHosts::new(["https://app.example/"]).unwrap_err().to_string(),
///     "invalid allowed host `https://app.example/`: write the host without a scheme or path: `app.example`"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHosts {
    patterns: Vec<HostPattern>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct HostPattern {
    wildcard: bool,
    /// Lowercase, without a trailing dot; empty for an IPv6 address.
    name: String,
    v6: Option<Ipv6Addr>,
    port: Option<u16>,
}

impl AllowedHosts {
    /// Accepts these hosts: `app.example`, `app.example:8443`, `*.app.example`, `10.0.0.5`,
    /// `[::1]:8080`.
    pub fn new<I>(hosts: I) -> Result<Self, InvalidHostPattern>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let patterns = hosts
            .into_iter()
            .map(|host| {
                let host = host.as_ref();
                HostPattern::parse(host).map_err(|reason| InvalidHostPattern {
                    pattern: Some(host.to_owned()),
                    reason,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if patterns.is_empty() {
            return Err(InvalidHostPattern {
                pattern: None,
                reason: String::new(),
            });
        }
        Ok(Self { patterns })
    }

    /// Whether a request for `host` (`Host` or `:authority`) is accepted.
    pub fn allows(&self, host: &str) -> bool {
        Host::parse(host).is_some_and(|host| self.patterns.iter().any(|p| p.matches(&host)))
    }

    /// Passes requests for an allowed host; refuses the others, and those without a host.
    pub fn decide(&self, request: &TransportRequest<'_>) -> TransportDecision {
        let rejection = match request.host.map(Host::parse) {
            None => TransportRejection::MissingHost,
            Some(None) => TransportRejection::InvalidHost,
            Some(Some(host)) if self.patterns.iter().any(|p| p.matches(&host)) => {
                return TransportDecision::Pass;
            }
            Some(Some(_)) => TransportRejection::HostNotAllowed,
        };
        TransportDecision::Reject(rejection)
    }
}

impl HostPattern {
    fn parse(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("an empty host matches no request".into());
        }
        if let Some((_, rest)) = text.split_once("://") {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            return Err(format!(
                "write the host without a scheme or path: `{}`",
                escape_controls(host)
            ));
        }
        let (wildcard, rest) = match text.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if rest.contains('*') {
            return Err("`*` stands only at the start, as in `*.app.example`; to accept every host, leave `AllowedHosts` out".into());
        }
        let host = Host::parse(rest).ok_or(
            "expected a host name or an IP address, with an optional port, such as `app.example` or `[::1]:8080`",
        )?;
        if wildcard && (host.v6.is_some() || host.bare().parse::<IpAddr>().is_ok()) {
            return Err("`*.` needs a domain name after it, not an IP address".into());
        }
        Ok(Self {
            wildcard,
            name: match host.v6 {
                Some(_) => String::new(),
                None => host.bare().to_ascii_lowercase(),
            },
            v6: host.v6,
            port: host.port,
        })
    }

    fn matches(&self, host: &Host<'_>) -> bool {
        if self.port.is_some_and(|port| host.port != Some(port)) {
            return false;
        }
        if self.v6.is_some() || host.v6.is_some() {
            return self.v6 == host.v6;
        }
        let name = host.bare().as_bytes();
        let pattern = self.name.as_bytes();
        if !self.wildcard {
            return name.eq_ignore_ascii_case(pattern);
        }
        // `sub.` + pattern: at least one byte of subdomain, then the dot.
        name.len() > pattern.len() + 1
            && name[name.len() - pattern.len()..].eq_ignore_ascii_case(pattern)
            && name[name.len() - pattern.len() - 1] == b'.'
    }
}

/// An allowed host that does not parse, or an empty list, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidHostPattern {
    pattern: Option<String>,
    reason: String,
}

impl fmt::Display for InvalidHostPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.pattern {
            Some(pattern) => write!(
                f,
                "invalid allowed host `{}`: {}",
                escape_controls(pattern),
                self.reason
            ),
            None => f.write_str(
                "no allowed hosts: every request would be refused; list at least one host",
            ),
        }
    }
}

impl std::error::Error for InvalidHostPattern {}

/// A validated `host[:port]` from a request or a setting.
#[derive(Debug, Clone, Copy)]
struct Host<'a> {
    /// A DNS name, an IPv4 address, or an IPv6 address in brackets, as written.
    name: &'a str,
    v6: Option<Ipv6Addr>,
    port: Option<u16>,
}

impl<'a> Host<'a> {
    /// `None` unless `text` is a host name, an IPv4 address or a bracketed IPv6 address,
    /// with an optional port: nothing else can reach a `Location` or pass a comparison.
    fn parse(text: &'a str) -> Option<Self> {
        let (name, port) = if text.starts_with('[') {
            let (name, rest) = text.split_at(text.find(']')? + 1);
            match rest {
                "" => (name, None),
                rest => (name, Some(rest.strip_prefix(':')?)),
            }
        } else {
            match text.split_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (text, None),
            }
        };
        let port = match port {
            Some(port) => Some(parse_port(port)?),
            None => None,
        };
        let v6 = match name.strip_prefix('[') {
            // No zone identifiers: they name an interface of the client, not this server.
            Some(inner) => Some(inner.strip_suffix(']')?.parse::<Ipv6Addr>().ok()?),
            None if is_host_name(name) => None,
            None => return None,
        };
        Some(Self { name, v6, port })
    }

    /// The name without one trailing dot (`app.example.` is `app.example`).
    fn bare(&self) -> &'a str {
        self.name.strip_suffix('.').unwrap_or(self.name)
    }
}

fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A DNS name or an IPv4 address: labels of ASCII letters, digits, `-` and `_`, separated
/// by dots, 1 to 63 bytes each and 253 in all, with an optional trailing dot.
fn is_host_name(name: &str) -> bool {
    let bare = name.strip_suffix('.').unwrap_or(name);
    !bare.is_empty()
        && bare.len() <= 253
        && bare.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain<'a>(host: &'a str, path_and_query: &'a str) -> TransportRequest<'a> {
        TransportRequest {
            host: Some(host),
            path_and_query,
            ..TransportRequest::default()
        }
    }

    fn redirect(location: &str) -> TransportDecision {
        TransportDecision::Redirect(location.to_owned())
    }

    fn reject(rejection: TransportRejection) -> TransportDecision {
        TransportDecision::Reject(rejection)
    }

    fn proxies() -> HttpsRedirect {
        HttpsRedirect::new()
            .trust_proxy("10.0.0.0/8".parse().unwrap())
            .trust_proxy("fd00::/8".parse().unwrap())
            .trust_proxy("192.0.2.7".parse().unwrap())
    }

    #[test]
    fn plain_http_is_redirected_with_path_and_query() {
        let rule = HttpsRedirect::new();
        assert_eq!(
            rule.decide(&plain("App.Example:8080", "/a/b?x=1&y=%20")),
            redirect("https://app.example/a/b?x=1&y=%20")
        );
        assert_eq!(
            rule.decide(&plain("app.example", "")),
            redirect("https://app.example/")
        );
        assert_eq!(
            rule.decide(&plain("app.example", "*")),
            redirect("https://app.example/")
        );
        assert_eq!(
            rule.https_port(8443)
                .decide(&plain("app.example:80", "/?q")),
            redirect("https://app.example:8443/?q")
        );
    }

    #[test]
    fn bytes_outside_visible_ascii_are_percent_encoded() {
        assert_eq!(
            HttpsRedirect::new().decide(&plain("app.example", "/caf\u{e9} x?q=\"<a>\"")),
            redirect("https://app.example/caf%C3%A9%20x?q=\"<a>\"")
        );
    }

    #[test]
    fn https_requests_pass_without_a_host() {
        let request = TransportRequest {
            scheme: Some("HTTPS"),
            ..TransportRequest::default()
        };
        assert_eq!(
            HttpsRedirect::new().decide(&request),
            TransportDecision::Pass
        );
        let http = TransportRequest {
            scheme: Some("http"),
            ..plain("app.example", "/")
        };
        assert_eq!(
            HttpsRedirect::new().decide(&http),
            redirect("https://app.example/")
        );
    }

    #[test]
    fn ipv6_hosts_keep_their_brackets() {
        let rule = HttpsRedirect::new();
        assert_eq!(
            rule.decide(&plain("[::1]:8080", "/p")),
            redirect("https://[::1]/p")
        );
        assert_eq!(
            rule.clone()
                .https_port(8443)
                .decide(&plain("[2001:DB8::1]", "/")),
            redirect("https://[2001:db8::1]:8443/")
        );
        for bad in [
            "[::1",
            "[::1]x",
            "[::1]:",
            "[fe80::1%25eth0]",
            "[zz::1]",
            "::1",
            "[1.2.3.4]",
        ] {
            assert_eq!(
                rule.decide(&plain(bad, "/")),
                reject(TransportRejection::InvalidHost),
                "{bad}"
            );
        }
    }

    #[test]
    fn hosts_that_could_inject_are_refused() {
        let rule = HttpsRedirect::new();
        let bad = [
            "",
            "evil.example/path",
            "a b",
            "user@app.example",
            "app.example@evil",
            "app.example:",
            "app.example:80:80",
            "app.example:99999",
            "app.example:+80",
            "app.example:8o",
            "app..example",
            ".app.example",
            "app.example?x",
            "app.example#x",
            "app.example\\x",
            "%61pp.example",
            "app.\u{e9}xample",
            "app.example\r\nx: y",
            "\"app\"",
            "app,evil",
            "app;evil",
            "<app>",
        ];
        for host in bad {
            assert_eq!(
                rule.decide(&plain(host, "/")),
                reject(TransportRejection::InvalidHost),
                "{host:?}"
            );
        }
        let long_label = format!("{}.example", "a".repeat(64));
        let long_name = ["abc"; 64].join(".");
        for host in [long_label, long_name] {
            assert_eq!(
                rule.decide(&plain(&host, "/")),
                reject(TransportRejection::InvalidHost)
            );
        }
        let missing = TransportRequest::default();
        assert_eq!(
            rule.decide(&missing),
            reject(TransportRejection::MissingHost)
        );
        for good in [
            "app.example.",
            "my_host",
            "10.0.0.1:8080",
            "xn--bcher-kva.example",
        ] {
            assert!(
                matches!(
                    rule.decide(&plain(good, "/")),
                    TransportDecision::Redirect(_)
                ),
                "{good}"
            );
        }
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_peers() {
        let rule = proxies();
        let from = |peer: Option<&str>, xfp, fwd| TransportRequest {
            peer: peer.map(|p| p.parse().unwrap()),
            x_forwarded_proto: xfp,
            forwarded: fwd,
            ..plain("app.example", "/")
        };
        let passes =
            |request: TransportRequest<'_>| rule.decide(&request) == TransportDecision::Pass;
        // Trusted: exact address, IPv4 and IPv6 ranges, an IPv4 peer on a dual-stack socket.
        for peer in ["192.0.2.7", "10.255.0.1", "fd12:3456::1", "::ffff:10.0.0.1"] {
            assert!(passes(from(Some(peer), Some("https"), None)), "{peer}");
            assert!(
                passes(from(Some(peer), None, Some("proto=https"))),
                "{peer}"
            );
        }
        // Spoofed: untrusted peers, no peer at all.
        for peer in [
            Some("192.0.2.8"),
            Some("11.0.0.1"),
            Some("fe00::1"),
            Some("::1"),
            None,
        ] {
            assert!(!passes(from(peer, Some("https"), None)), "{peer:?}");
            assert!(!passes(from(peer, None, Some("proto=https"))), "{peer:?}");
        }
        let trusted = Some("10.0.0.1");
        assert!(!passes(from(trusted, None, None)));
        assert!(!passes(from(trusted, Some("http"), None)));
        assert!(!passes(from(trusted, Some(""), None)));
        // The nearest proxy's value is the last one: a client cannot prepend its own.
        assert!(!passes(from(trusted, Some(" HTTPS , http"), None)));
        assert!(passes(from(trusted, Some("http, https"), None)));
        assert!(passes(from(trusted, Some("http, HTTPS ,"), None)));
        // Both present: both must say https.
        assert!(passes(from(trusted, Some("https"), Some("proto=https"))));
        assert!(!passes(from(trusted, Some("http"), Some("proto=https"))));
        assert!(!passes(from(trusted, Some("https"), Some("proto=http"))));
        assert!(!passes(from(trusted, Some("https"), Some("for=1.2.3.4"))));
        assert!(!HttpsRedirect::new().is_https(&from(trusted, Some("https"), None)));
    }

    #[test]
    fn forwarded_takes_the_last_element_and_tolerates_quoting_case_and_space() {
        let https = |value| {
            let request = TransportRequest {
                peer: Some("10.0.0.1".parse().unwrap()),
                forwarded: Some(value),
                ..plain("app.example", "/")
            };
            proxies().is_https(&request)
        };
        for value in [
            "proto=https",
            "Proto=HTTPS",
            "for=192.0.2.60;proto=https;by=203.0.113.43",
            "for=\"[2001:db8:cafe::17]:4711\";proto=http, for=10.0.0.2;proto=https",
            "for=\"a,b;c\" ; proto = \"https\"",
            "proto=\"ht\\tps\"",
            "host=app.example;proto=https,",
            "for=1.2.3.4, proto=https",
            "proto=http;proto=https, proto=https",
        ] {
            assert!(https(value), "{value}");
        }
        for value in [
            "",
            "proto=http",
            "proto=https, for=1.2.3.4",
            "proto=https, proto=http",
            "for=\"a,proto=https",
            "proto=https;proto=http",
            "proto=http;proto=https",
            "proto",
            "for=\"x;proto=https\"",
            "proto=\"https",
            "proto=httpsx",
        ] {
            assert!(!https(value), "{value}");
        }
    }

    #[test]
    fn trusted_proxies_parse_and_match_ranges() {
        let parse = |s: &str| s.parse::<TrustedProxy>();
        let any4 = parse("0.0.0.0/0").unwrap();
        assert!(any4.contains("203.0.113.9".parse().unwrap()));
        assert!(!any4.contains("::1".parse().unwrap()));
        let exact = parse("2001:db8::1").unwrap();
        assert!(exact.contains("2001:db8::1".parse().unwrap()));
        assert!(!exact.contains("2001:db8::2".parse().unwrap()));
        let range = parse("2001:db8::/32").unwrap();
        assert!(range.contains("2001:db8:ffff::1".parse().unwrap()));
        assert!(!range.contains("2001:db9::1".parse().unwrap()));
        let slash31 = parse("192.0.2.6/31").unwrap();
        assert!(slash31.contains("192.0.2.7".parse().unwrap()));
        assert!(!slash31.contains("192.0.2.8".parse().unwrap()));
        assert_eq!(parse("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(parse("10.0.0.1/32").unwrap().to_string(), "10.0.0.1");
        let error = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(
            error("10.0.0.0/33"),
            "invalid trusted proxy `10.0.0.0/33`: a prefix of 33 bits is longer than an IPv4 address (32 bits)"
        );
        assert_eq!(
            error("fd00::1/8"),
            "invalid trusted proxy `fd00::1/8`: host bits are set; did you mean `fd00::/8`?"
        );
        assert_eq!(
            error("10.0.0.0/+8"),
            "invalid trusted proxy `10.0.0.0/+8`: `+8` is not a prefix length"
        );
        for bad in [
            "",
            "10.0.0",
            "example.com",
            "[::1]",
            "10.0.0.0/",
            "10.0.0.0/8/8",
            " 10.0.0.1",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn allowed_hosts_match_exactly_with_ports_and_wildcards() {
        let hosts = AllowedHosts::new([
            "app.example",
            "*.api.example",
            "admin.example:8443",
            "10.0.0.5",
            "[::1]",
            "[2001:db8::1]:8080",
        ])
        .unwrap();
        for host in [
            "app.example",
            "APP.EXAMPLE:1234",
            "app.example.",
            "a.api.example",
            "x.y.api.example:443",
            "admin.example:8443",
            "10.0.0.5:80",
            "[::1]:3000",
            "[0::1]",
            "[2001:DB8:0::1]:8080",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "api.example",
            "xapi.example",
            "app.example.evil",
            "evil-app.example",
            "admin.example",
            "admin.example:443",
            "10.0.0.6",
            "[::2]",
            "[2001:db8::1]",
            "[2001:db8::1]:8081",
            "",
            "app.example/x",
            ".api.example",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
        let decide = |host| {
            hosts.decide(&TransportRequest {
                host,
                ..TransportRequest::default()
            })
        };
        assert_eq!(decide(Some("app.example")), TransportDecision::Pass);
        assert_eq!(
            decide(Some("evil.example")),
            reject(TransportRejection::HostNotAllowed)
        );
        assert_eq!(
            decide(Some("app.example@evil")),
            reject(TransportRejection::InvalidHost)
        );
        assert_eq!(decide(None), reject(TransportRejection::MissingHost));
    }

    #[test]
    fn bad_allowed_hosts_are_refused_with_the_fix() {
        let error = |hosts: &[&str]| AllowedHosts::new(hosts).unwrap_err().to_string();
        assert_eq!(
            error(&[]),
            "no allowed hosts: every request would be refused; list at least one host"
        );
        assert_eq!(
            error(&["ok.example", "*"]),
            "invalid allowed host `*`: `*` stands only at the start, as in `*.app.example`; to accept every host, leave `AllowedHosts` out"
        );
        assert_eq!(
            error(&["*.10.0.0.1"]),
            "invalid allowed host `*.10.0.0.1`: `*.` needs a domain name after it, not an IP address"
        );
        assert_eq!(
            error(&["http://app.example:8080/x"]),
            "invalid allowed host `http://app.example:8080/x`: write the host without a scheme or path: `app.example:8080`"
        );
        for bad in [
            "",
            "a.*.example",
            "*example.com",
            "app example",
            "::1",
            "[::1]:x",
            "app.example:",
        ] {
            assert!(AllowedHosts::new([bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn request_host_prefers_the_authority_and_refuses_ambiguity() {
        let headers =
            |values: &[&'static str]| values.iter().map(|v| v.as_bytes()).collect::<Vec<_>>();
        assert_eq!(
            request_host(Some("h2.example"), headers(&[])),
            Some("h2.example")
        );
        assert_eq!(
            request_host(Some("h2.example"), headers(&["H2.Example"])),
            Some("h2.example")
        );
        // The application reads `Host`: one that differs from the authority, or two beside
        // it, make the host ambiguous.
        assert_eq!(
            request_host(Some("h2.example"), headers(&["h1.example"])),
            Some("")
        );
        assert_eq!(
            request_host(Some("h2.example"), headers(&["h2.example", "h1.example"])),
            Some("")
        );
        assert_eq!(request_host(Some("h2.example"), [&b"\xff"[..]]), Some(""));
        assert_eq!(
            request_host(None, headers(&["h1.example"])),
            Some("h1.example")
        );
        assert_eq!(request_host(None, headers(&[])), None);
        assert_eq!(
            request_host(None, headers(&["a.example", "b.example"])),
            Some("")
        );
        assert_eq!(request_host(None, [&b"\xff"[..]]), Some(""));
    }
}

//! Cross-origin request checks with Fetch Metadata and `Origin`, by the rules of Go 1.25's
//! `CrossOriginProtection`.

use super::CsrfRejection;
use crate::origin::Origin;

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
    /// # use secure_core as secure_http;
    /// use secure_http::csrf::{OriginCheck, RequestHeaders};
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
            // Only a web origin, `http` or `https` with a valid host and port, can name the
            // server's own host: `null`, `file://host` or `://host` never match.
            None => request
                .host
                .is_some_and(|host| crate::origin::is_web_origin_of(origin, host)),
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

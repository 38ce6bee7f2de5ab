//! What every integration derives from the user's configuration: the headers as sent (with
//! the report endpoint's `report-uri` added where a policy names none) and the endpoint.

use crate::SecurityHeaders;
use crate::report::ReportEndpoint;
use std::sync::Once;

#[derive(Debug)]
pub(crate) struct Protection {
    /// The headers as configured, before the report endpoint's `report-uri` is added.
    configured: SecurityHeaders,
    /// What is sent: `configured` with the report endpoint's `report-uri` where missing.
    pub(crate) headers: SecurityHeaders,
    pub(crate) reports: Option<ReportEndpoint>,
    /// Whether the report endpoint has been announced in the log.
    announced: Once,
}

impl Protection {
    /// The report endpoint at its default path when a CSP is configured.
    ///
    /// Panics when [`SecurityHeaders::check`] fails: this runs when the application builds
    /// its middleware, and a `report-to` naming no endpoint is a configuration mistake.
    pub(crate) fn new(headers: SecurityHeaders) -> Self {
        if let Err(error) = headers.check() {
            panic!("invalid security headers: {error}");
        }
        log_findings(&headers);
        headers.log_development_mode();
        let has_csp = headers.csp().is_some() || headers.csp_report_only().is_some();
        let reports = has_csp.then(ReportEndpoint::default);
        Self::build(headers, reports)
    }

    /// The same headers with another report endpoint, or none.
    pub(crate) fn with_reports(&self, reports: Option<ReportEndpoint>) -> Self {
        Self::build(self.configured.clone(), reports)
    }

    fn build(configured: SecurityHeaders, reports: Option<ReportEndpoint>) -> Self {
        let headers = match &reports {
            Some(endpoint) => configured
                .clone()
                .with_default_report_uri(endpoint.path())
                .expect("a ReportEndpoint path is a valid report-uri"),
            None => configured.clone(),
        };
        if headers.needs_nonce() {
            tracing::debug!(target: "secure_http", "CSP nonces enabled: one per response");
        }
        Self {
            configured,
            headers,
            reports,
            announced: Once::new(),
        }
    }

    /// Logs, once, where the report endpoint is: called when the middleware wraps a
    /// service, so that the line describes the configuration as finally built (not the
    /// defaults a builder method then replaced). An application's own route at that path is
    /// never reached, so it must not disappear silently.
    pub(crate) fn announce(&self) {
        self.announced.call_once(|| {
            if let Some(endpoint) = &self.reports {
                let path = endpoint.path();
                tracing::info!(
                    target: "secure_http::csp_report",
                    path,
                    "CSP reports are received at POST {path} (ReportEndpoint); other methods \
                     there get 405, and no route of the application at {path} is reached; \
                     `.without_report_endpoint()` turns it off"
                );
            }
        });
    }

    /// The report endpoint, when the request is for it.
    pub(crate) fn report_endpoint_at(&self, path: &str) -> Option<&ReportEndpoint> {
        self.reports.as_ref().filter(|e| e.path() == path)
    }
}

/// Logs the lint findings of the configured policies once, when the middleware is built:
/// policies made at runtime get the warnings `csp!` gives at compile time.
fn log_findings(headers: &SecurityHeaders) {
    let enforced = headers.csp_list().into_iter().flat_map(|l| l.policies());
    let policies = enforced.map(|p| ("Content-Security-Policy", p)).chain(
        headers
            .csp_report_only()
            .map(|p| ("Content-Security-Policy-Report-Only", p)),
    );
    for (header, policy) in policies {
        for finding in policy.lint() {
            tracing::warn!(
                target: "secure_http::csp_lint",
                header,
                lint = finding.lint().name(),
                severity = %finding.severity(),
                "{finding}"
            );
        }
    }
}

//! `report-uri` with several URIs, relative and absolute.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    report-uri: "/csp-report" "https://reports.example.com/csp" "https://backup.example.com/r?source=csp"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "report-uri /csp-report https://reports.example.com/csp https://backup.example.com/r?source=csp"
    );
}

//! `report-uri` with one relative URI.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    report-uri: "/csp-report"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "report-uri /csp-report"
    );
}

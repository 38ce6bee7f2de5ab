//! With `#![allow(http_report_uri)]` the same policy builds.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(http_report_uri)]
    default-src: none,
    report-uri: "http://reports.example.com/csp"
};

pub fn main() {
    assert_eq!(POLICY.as_str(), "default-src 'none'; report-uri http://reports.example.com/csp");
}

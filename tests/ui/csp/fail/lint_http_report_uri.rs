//! A finding of `http_report_uri` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(http_report_uri)]
    default-src: none,
    report-uri: "http://reports.example.com/csp"
};

fn main() {
    let _ = POLICY.as_str();
}

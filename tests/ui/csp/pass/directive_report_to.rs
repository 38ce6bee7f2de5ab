//! `report-to` with a bare endpoint name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    report-to: csp-endpoint
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "report-to csp-endpoint"
    );
}

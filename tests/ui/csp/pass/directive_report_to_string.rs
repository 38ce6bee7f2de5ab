//! `report-to` with an endpoint name written as a string.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    report-to: "csp_endpoint.v2"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "report-to csp_endpoint.v2"
    );
}

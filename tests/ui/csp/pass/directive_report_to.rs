//! `report-to` with a bare endpoint name.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    report-to: csp-endpoint
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "report-to csp-endpoint"
    );
}

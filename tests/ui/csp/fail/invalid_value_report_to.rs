//! A reporting endpoint name with a character outside HTTP tokens.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    report-to: "csp/endpoint"
};

fn main() {
    let _ = POLICY.as_str();
}

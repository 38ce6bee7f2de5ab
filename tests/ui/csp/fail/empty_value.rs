//! An empty string is no value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    report-uri: ""
};

fn main() {
    let _ = POLICY.as_str();
}

//! An empty string is no value.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    report-uri: ""
};

fn main() {
    let _ = POLICY.as_str();
}

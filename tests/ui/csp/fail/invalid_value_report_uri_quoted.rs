//! A quoted value in `report-uri`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    report-uri: "'self'"
};

fn main() {
    let _ = POLICY.as_str();
}

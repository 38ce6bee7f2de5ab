//! A quoted value in `report-uri`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    report-uri: "'self'"
};

fn main() {
    let _ = POLICY.as_str();
}

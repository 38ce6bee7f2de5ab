//! `report-to` takes one endpoint name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    report-to: main backup,
};

fn main() {
    let _ = POLICY.as_str();
}

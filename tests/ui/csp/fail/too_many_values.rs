//! `report-to` takes one endpoint name.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self,
    report-to: main backup,
};

fn main() {
    let _ = POLICY.as_str();
}

//! A directive that is not a source list, written bare.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self,
    report-uri,
};

fn main() {
    let _ = POLICY.as_str();
}

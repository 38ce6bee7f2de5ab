//! A directive that is not a source list, written bare.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    report-uri,
};

fn main() {
    let _ = POLICY.as_str();
}

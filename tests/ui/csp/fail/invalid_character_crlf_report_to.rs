//! CR LF in a report-to endpoint name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    report-to: "csp\r\nX-Injected: 1",
};

fn main() {
    let _ = POLICY.as_str();
}

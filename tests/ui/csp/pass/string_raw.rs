//! A raw string, and a trailing `,` after the string.

pub fn main() {
    let policy = secure_http::csp!(r"default-src 'self'; report-uri /csp-report",);
    assert_eq!(policy.as_str(), "default-src 'self'; report-uri /csp-report");
}

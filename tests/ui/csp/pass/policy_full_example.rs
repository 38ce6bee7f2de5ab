//! The example of the documentation: many directives in the order written.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: none,
    script-src: self nonce strict-dynamic sha256("console.log('hi')"),
    img-src: self data: "https://img.example.com",
    sandbox: allow-scripts,
    report-to: name,
    report-uri: "/path",
    require-trusted-types-for: script,
    trusted-types: dompurify allow-duplicates,
    webrtc: allow,
    upgrade-insecure-requests
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'none'; script-src 'self' 'nonce' 'strict-dynamic' 'sha256-1ohZFo3B9w3UOFBbfx6JSomkpkME90iPs1r/qXzvX7Y='; img-src 'self' data: https://img.example.com; sandbox allow-scripts; report-to name; report-uri /path; require-trusted-types-for 'script'; trusted-types dompurify 'allow-duplicates'; webrtc 'allow'; upgrade-insecure-requests"
    );
}

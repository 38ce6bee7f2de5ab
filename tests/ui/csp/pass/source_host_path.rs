//! A host with a directory path and a file path with a percent-escape.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "https://example.com/js/" "https://example.com:443/a%20b/app.js"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src https://example.com/js/ https://example.com:443/a%20b/app.js"
    );
}

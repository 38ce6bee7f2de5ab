//! A host source with a query.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "https://example.com/app.js?v=2"
};

fn main() {
    let _ = POLICY.as_str();
}

//! A host source with a query.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: "https://example.com/app.js?v=2"
};

fn main() {
    let _ = POLICY.as_str();
}

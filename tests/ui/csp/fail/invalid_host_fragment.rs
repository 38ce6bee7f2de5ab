//! A host source with a fragment.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "https://example.com/app.js#main"
};

fn main() {
    let _ = POLICY.as_str();
}

//! `strict-dynamic` alone blocks every script.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: self strict-dynamic
};

fn main() {
    let _ = POLICY.as_str();
}

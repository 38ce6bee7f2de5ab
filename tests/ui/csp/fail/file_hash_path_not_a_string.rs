//! The path of `sha512(file: ..)` is a string literal, not an expression.

const APP_JS: &str = "static/app.js";

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha512(file: APP_JS),
};

fn main() {
    let _ = POLICY.as_str();
}

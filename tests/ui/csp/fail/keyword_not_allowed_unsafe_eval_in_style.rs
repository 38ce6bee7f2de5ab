//! `unsafe-eval` counts only in `script-src` and `default-src`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    style-src: self unsafe-eval
};

fn main() {
    let _ = POLICY.as_str();
}

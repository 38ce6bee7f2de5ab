//! `file` alone names no file.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha384(file),
};

fn main() {
    let _ = POLICY.as_str();
}

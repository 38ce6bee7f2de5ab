//! `..` needs a preset's name after it.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..

};

fn main() {
    let _ = POLICY.as_str();
}

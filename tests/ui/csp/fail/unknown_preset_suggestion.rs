//! The original's misspelling of the preset name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..google-analitycs,
    object-src: none,
};

fn main() {
    let _ = POLICY.as_str();
}

//! `script` is the value of `require-trusted-types-for`, not a source.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: self script
};

fn main() {
    let _ = POLICY.as_str();
}

//! A bare word that is no keyword.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: self frobnicate
};

fn main() {
    let _ = POLICY.as_str();
}

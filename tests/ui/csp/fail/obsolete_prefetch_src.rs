//! `prefetch-src` is obsolete; the message says what to do instead.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    prefetch-src: self,
};

fn main() {
    let _ = POLICY.as_str();
}

//! `navigate-to` is obsolete; the message says what to do instead.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    navigate-to: self,
};

fn main() {
    let _ = POLICY.as_str();
}

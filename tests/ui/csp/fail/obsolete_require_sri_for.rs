//! `require-sri-for` is obsolete; the message says what to do instead.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    require-sri-for: script style,
};

fn main() {
    let _ = POLICY.as_str();
}

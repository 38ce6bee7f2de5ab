//! `plugin-types` is obsolete; the message says what to do instead.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    plugin-types: "application/pdf",
};

fn main() {
    let _ = POLICY.as_str();
}

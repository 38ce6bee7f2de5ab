//! A source-list directive with a colon and nothing after it.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    script-src:,
};

fn main() {
    let _ = POLICY.as_str();
}

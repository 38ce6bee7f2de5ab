//! `deny(all)` turns every finding into an error.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(all)]
    script-src: self
};

fn main() {
    let _ = POLICY.as_str();
}

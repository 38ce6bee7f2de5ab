//! A word that is no sandbox flag; the message lists them.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    sandbox: allow-everything
};

fn main() {
    let _ = POLICY.as_str();
}

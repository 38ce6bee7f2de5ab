//! A misspelled sandbox flag.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    sandbox: allow-forms allow-script
};

fn main() {
    let _ = POLICY.as_str();
}

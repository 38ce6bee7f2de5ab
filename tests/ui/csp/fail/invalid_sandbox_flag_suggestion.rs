//! A misspelled sandbox flag.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    sandbox: allow-forms allow-script
};

fn main() {
    let _ = POLICY.as_str();
}

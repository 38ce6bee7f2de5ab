//! A word that is no sandbox flag; the message lists them.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    sandbox: allow-everything
};

fn main() {
    let _ = POLICY.as_str();
}

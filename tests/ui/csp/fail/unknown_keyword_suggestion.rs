//! A misspelled keyword gets the closest keyword.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: slef unsafe-inline
};

fn main() {
    let _ = POLICY.as_str();
}

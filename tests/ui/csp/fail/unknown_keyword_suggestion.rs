//! A misspelled keyword gets the closest keyword.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: slef unsafe-inline
};

fn main() {
    let _ = POLICY.as_str();
}

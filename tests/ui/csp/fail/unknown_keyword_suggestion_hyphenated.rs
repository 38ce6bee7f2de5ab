//! A misspelled hyphenated keyword; the whole word is underlined.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: self unsafe-inlin
};

fn main() {
    let _ = POLICY.as_str();
}

//! A misspelled hyphenated keyword; the whole word is underlined.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: self unsafe-inlin
};

fn main() {
    let _ = POLICY.as_str();
}

//! A misspelled directive gets the closest known name.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self,
    img-scr: self data:,
};

fn main() {
    let _ = POLICY.as_str();
}

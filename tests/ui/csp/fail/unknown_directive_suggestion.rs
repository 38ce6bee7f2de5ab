//! A misspelled directive gets the closest known name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    img-scr: self data:,
};

fn main() {
    let _ = POLICY.as_str();
}

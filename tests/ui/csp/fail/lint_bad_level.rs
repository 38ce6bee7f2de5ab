//! Only `allow` and `deny` are levels.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![warn(unsafe_eval)]
    default-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

//! A quoted keyword other than `allow-duplicates` and `none` in `trusted-types`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    trusted-types: "'self'"
};

fn main() {
    let _ = POLICY.as_str();
}

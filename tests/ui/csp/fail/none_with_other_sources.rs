//! `none` together with other sources.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: none self
};

fn main() {
    let _ = POLICY.as_str();
}

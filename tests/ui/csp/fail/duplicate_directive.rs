//! The second `default-src` would be ignored by browsers.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    img-src: data:,
    default-src: none,
};

fn main() {
    let _ = POLICY.as_str();
}

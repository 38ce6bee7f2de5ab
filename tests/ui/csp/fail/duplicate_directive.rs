//! The second `default-src` would be ignored by browsers.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self,
    img-src: data:,
    default-src: none,
};

fn main() {
    let _ = POLICY.as_str();
}

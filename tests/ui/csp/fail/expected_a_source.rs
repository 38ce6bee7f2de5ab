//! A value that is no source at all.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: self 42
};

fn main() {
    let _ = POLICY.as_str();
}

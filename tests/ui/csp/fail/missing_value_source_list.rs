//! A source-list directive written bare.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src,
    img-src: self,
};

fn main() {
    let _ = POLICY.as_str();
}

//! `unsafe-inline` means nothing for images.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: self unsafe-inline
};

fn main() {
    let _ = POLICY.as_str();
}

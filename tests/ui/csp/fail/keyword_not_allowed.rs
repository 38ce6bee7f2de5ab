//! `unsafe-inline` means nothing for images.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: self unsafe-inline
};

fn main() {
    let _ = POLICY.as_str();
}

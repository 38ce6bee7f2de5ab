//! A source-list directive written bare.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src,
    img-src: self,
};

fn main() {
    let _ = POLICY.as_str();
}

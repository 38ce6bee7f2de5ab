//! A host source whose scheme is malformed.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "ht_tp://example.com"
};

fn main() {
    let _ = POLICY.as_str();
}

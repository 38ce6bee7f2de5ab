//! A host source whose scheme is malformed.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "ht_tp://example.com"
};

fn main() {
    let _ = POLICY.as_str();
}

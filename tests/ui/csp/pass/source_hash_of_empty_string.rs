//! The hash of an empty inline script.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha256("")
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    );
}

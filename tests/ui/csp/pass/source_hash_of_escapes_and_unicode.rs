//! The hash is of the string's value: escapes resolved, UTF-8 bytes.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha256("é \"quoted\"\n")
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'sha256-43Ikff7G7ELegOLv/ZsL2EKyc2m31MYh6tzj2H2S6bE='"
    );
}

//! `block-all-mixed-content` takes no value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    block-all-mixed-content
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "block-all-mixed-content"
    );
}

//! `trusted-types: *` allows any policy name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    trusted-types: *
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "trusted-types *"
    );
}

//! `trusted-types: *` allows any policy name.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    trusted-types: *
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "trusted-types *"
    );
}

//! `trusted-types` with a name and `allow-duplicates`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    trusted-types: dompurify allow-duplicates
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "trusted-types dompurify 'allow-duplicates'"
    );
}

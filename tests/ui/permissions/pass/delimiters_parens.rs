//! Parentheses as macro delimiters work like braces.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy!(camera: ());

fn main() {
    assert_eq!(POLICY.as_str(), r#"camera=()"#);
}

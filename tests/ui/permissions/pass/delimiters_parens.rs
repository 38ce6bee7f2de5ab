//! Parentheses as macro delimiters work like braces.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy!(camera: ());

pub fn main() {
    assert_eq!(POLICY.as_str(), r#"camera=()"#);
}

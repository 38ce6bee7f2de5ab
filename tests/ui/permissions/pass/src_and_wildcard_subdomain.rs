//! `src` and a wildcard subdomain origin.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    autoplay: (src "https://*.example.com"),
};

pub fn main() {
    assert_eq!(POLICY.as_str(), r#"autoplay=(src "https://*.example.com")"#);
    assert_eq!(POLICY.as_str().parse::<secure_http::headers::PermissionsPolicy>().unwrap(), POLICY);
}

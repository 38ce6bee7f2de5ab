//! `src` and a wildcard subdomain origin.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    autoplay: (src "https://*.example.com"),
};

fn main() {
    assert_eq!(POLICY.as_str(), r#"autoplay=(src "https://*.example.com")"#);
    assert_eq!(POLICY.as_str().parse::<secure::headers::PermissionsPolicy>().unwrap(), POLICY);
}

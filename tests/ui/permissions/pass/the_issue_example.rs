//! The example of the issue.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: (),
    geolocation: (self "https://maps.example.com"),
    fullscreen: *
};

pub fn main() {
    assert_eq!(POLICY.as_str(), r#"camera=(), geolocation=(self "https://maps.example.com"), fullscreen=*"#);
    assert_eq!(POLICY.as_str().parse::<secure_http::headers::PermissionsPolicy>().unwrap(), POLICY);
}

//! The example of the issue.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    camera: (),
    geolocation: (self "https://maps.example.com"),
    fullscreen: *
};

fn main() {
    assert_eq!(POLICY.as_str(), r#"camera=(), geolocation=(self "https://maps.example.com"), fullscreen=*"#);
    assert_eq!(POLICY.as_str().parse::<secure::headers::PermissionsPolicy>().unwrap(), POLICY);
}

//! `"` inside an origin: it would end the string early.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    geolocation: ("https://maps.example.com\" \"https://evil.example")
};

fn main() {
    let _ = POLICY.as_str();
}

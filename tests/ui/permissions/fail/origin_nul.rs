//! NUL inside an origin.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    geolocation: ("https://maps.example.com\0")
};

fn main() {
    let _ = POLICY.as_str();
}

//! An origin with a path.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    geolocation: ("https://maps.example.com/embed")
};

fn main() {
    let _ = POLICY.as_str();
}

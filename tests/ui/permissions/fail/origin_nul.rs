//! NUL inside an origin.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    geolocation: ("https://maps.example.com\0")
};

fn main() {
    let _ = POLICY.as_str();
}

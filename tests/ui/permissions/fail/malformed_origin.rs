//! An origin with a path.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    geolocation: ("https://maps.example.com/embed")
};

fn main() {
    let _ = POLICY.as_str();
}

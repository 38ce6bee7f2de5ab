//! `,` inside an origin: it would start another feature.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    geolocation: ("https://maps.example.com, camera=*")
};

fn main() {
    let _ = POLICY.as_str();
}

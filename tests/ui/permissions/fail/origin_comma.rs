//! `,` inside an origin: it would start another feature.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    geolocation: ("https://maps.example.com, camera=*")
};

fn main() {
    let _ = POLICY.as_str();
}

//! `*.` before an IP address, which has no subdomains.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    geolocation: ("https://*.10.0.0.1")
};

fn main() {
    let _ = POLICY.as_str();
}

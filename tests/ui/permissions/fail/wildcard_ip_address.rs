//! `*.` before an IP address, which has no subdomains.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    geolocation: ("https://*.10.0.0.1")
};

fn main() {
    let _ = POLICY.as_str();
}

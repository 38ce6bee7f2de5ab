//! `;` inside an origin: it would start structured-field parameters.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    geolocation: ("https://maps.example.com;report-to=csp")
};

fn main() {
    let _ = POLICY.as_str();
}

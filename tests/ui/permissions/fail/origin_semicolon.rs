//! `;` inside an origin: it would start structured-field parameters.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    geolocation: ("https://maps.example.com;report-to=csp")
};

fn main() {
    let _ = POLICY.as_str();
}

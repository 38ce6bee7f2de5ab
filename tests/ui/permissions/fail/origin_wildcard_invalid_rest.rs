//! A wildcard origin whose rest is not a host: the error names the origin as written.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: ("https://*.*.example.com")
};

fn main() {
    let _ = POLICY.as_str();
}

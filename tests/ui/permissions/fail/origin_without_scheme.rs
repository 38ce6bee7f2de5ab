//! An origin names its scheme.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: ("example.com")
};

fn main() {
    let _ = POLICY.as_str();
}

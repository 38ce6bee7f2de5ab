//! Port 0 is no port.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: ("https://a.example:0")
};

fn main() {
    let _ = POLICY.as_str();
}

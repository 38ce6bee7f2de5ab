//! Allow-list members are separated by spaces, as in the header.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: (self, "https://a.example")
};

fn main() {
    let _ = POLICY.as_str();
}

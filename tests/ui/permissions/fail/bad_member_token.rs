//! A member that is not a word or a string.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: (42)
};

fn main() {
    let _ = POLICY.as_str();
}

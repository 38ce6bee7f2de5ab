//! An allow-list that is neither a list nor `*`.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: self
};

fn main() {
    let _ = POLICY.as_str();
}

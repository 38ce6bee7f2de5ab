//! `*` stands alone.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: (*)
};

fn main() {
    let _ = POLICY.as_str();
}

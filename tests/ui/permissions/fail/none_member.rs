//! `none` is not how to deny a feature.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: (none)
};

fn main() {
    let _ = POLICY.as_str();
}

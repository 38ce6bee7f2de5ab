//! `camera:` with nothing after it: the error points at the feature.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera:
};

fn main() {
    let _ = POLICY.as_str();
}

//! A policy with no feature.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {

};

fn main() {
    let _ = POLICY.as_str();
}

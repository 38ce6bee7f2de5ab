//! A policy with no feature.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {

};

fn main() {
    let _ = POLICY.as_str();
}

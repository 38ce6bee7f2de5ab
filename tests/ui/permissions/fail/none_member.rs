//! `none` is not how to deny a feature.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    camera: (none)
};

fn main() {
    let _ = POLICY.as_str();
}

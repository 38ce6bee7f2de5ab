//! A member that is not a word or a string.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    camera: (42)
};

fn main() {
    let _ = POLICY.as_str();
}

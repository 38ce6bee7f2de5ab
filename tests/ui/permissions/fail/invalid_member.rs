//! A member that is neither `self`, `src` nor an origin.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    camera: (everyone)
};

fn main() {
    let _ = POLICY.as_str();
}

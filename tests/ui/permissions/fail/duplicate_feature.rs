//! A feature given twice.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    camera: (),
    camera: *
};

fn main() {
    let _ = POLICY.as_str();
}

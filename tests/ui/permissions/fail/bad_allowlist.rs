//! An allow-list that is neither a list nor `*`.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    camera: self
};

fn main() {
    let _ = POLICY.as_str();
}

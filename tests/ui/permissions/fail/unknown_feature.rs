//! An unknown feature, with the nearest name.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    camra: ()
};

fn main() {
    let _ = POLICY.as_str();
}

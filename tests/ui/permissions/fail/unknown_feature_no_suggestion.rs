//! An unknown feature without a near name.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    teleportation: ()
};

fn main() {
    let _ = POLICY.as_str();
}

//! An unknown feature without a near name.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    teleportation: ()
};

fn main() {
    let _ = POLICY.as_str();
}

//! An unknown feature, with the nearest name.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camra: ()
};

fn main() {
    let _ = POLICY.as_str();
}

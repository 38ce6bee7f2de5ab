//! A feature without its allow-list.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    camera
};

fn main() {
    let _ = POLICY.as_str();
}

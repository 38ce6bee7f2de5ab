//! A feature name must be a word.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    "camera": ()
};

fn main() {
    let _ = POLICY.as_str();
}

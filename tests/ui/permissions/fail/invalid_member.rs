//! A member that is neither `self`, `src` nor an origin.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: (everyone)
};

fn main() {
    let _ = POLICY.as_str();
}

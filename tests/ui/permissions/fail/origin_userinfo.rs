//! An origin has no user name or password.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: ("https://user@a.example")
};

fn main() {
    let _ = POLICY.as_str();
}

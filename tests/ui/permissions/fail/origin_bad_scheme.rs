//! A scheme starts with a letter.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: ("1https://a.example")
};

fn main() {
    let _ = POLICY.as_str();
}

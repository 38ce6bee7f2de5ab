//! Browsers leave the default port out of `Origin`.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: ("https://a.example:443")
};

fn main() {
    let _ = POLICY.as_str();
}

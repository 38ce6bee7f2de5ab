//! A non-ASCII host name: write it in punycode.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    geolocation: ("https://bücher.example")
};

fn main() {
    let _ = POLICY.as_str();
}

//! A non-ASCII host name: write it in punycode.

const POLICY: secure::headers::PermissionsPolicy = secure::permissions_policy! {
    geolocation: ("https://bücher.example")
};

fn main() {
    let _ = POLICY.as_str();
}

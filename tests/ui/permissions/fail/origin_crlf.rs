//! CR LF and a header after it, inside an origin.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    geolocation: ("https://maps.example.com\r\nSet-Cookie: session=stolen")
};

fn main() {
    let _ = POLICY.as_str();
}

//! After a bracketed IPv6 address only a port may follow.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    camera: ("https://[::1]x")
};

fn main() {
    let _ = POLICY.as_str();
}

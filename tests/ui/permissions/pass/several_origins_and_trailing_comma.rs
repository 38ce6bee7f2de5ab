//! Several origins, ports, and a trailing comma.

const POLICY: secure_http::headers::PermissionsPolicy = secure_http::permissions_policy! {
    payment: (self "https://pay.example.com" "https://checkout.example.com:8443"),
    usb: (),
};

pub fn main() {
    assert_eq!(POLICY.as_str(), r#"payment=(self "https://pay.example.com" "https://checkout.example.com:8443"), usb=()"#);
    assert_eq!(POLICY.as_str().parse::<secure_http::headers::PermissionsPolicy>().unwrap(), POLICY);
}

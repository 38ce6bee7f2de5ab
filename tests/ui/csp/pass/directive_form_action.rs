//! `form-action`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    form-action: self "https://checkout.example.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "form-action 'self' https://checkout.example.com"
    );
}

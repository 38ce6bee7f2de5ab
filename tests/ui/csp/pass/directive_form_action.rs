//! `form-action`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    form-action: self "https://checkout.example.com"
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "form-action 'self' https://checkout.example.com"
    );
}

//! `sandbox` with every flag browsers implement, in the order written.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    sandbox: allow-downloads allow-forms allow-modals allow-orientation-lock allow-pointer-lock
        allow-popups allow-popups-to-escape-sandbox allow-presentation allow-same-origin
        allow-scripts allow-top-navigation allow-top-navigation-by-user-activation
        allow-top-navigation-to-custom-protocols
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "sandbox allow-downloads allow-forms allow-modals allow-orientation-lock allow-pointer-lock allow-popups allow-popups-to-escape-sandbox allow-presentation allow-same-origin allow-scripts allow-top-navigation allow-top-navigation-by-user-activation allow-top-navigation-to-custom-protocols"
    );
}

//! On error the macro still expands to a `ContentSecurityPolicy`: only the real errors appear,
//! no type errors where the value is used in a `static`, a `let` or passed to a function.

static POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! { default-src: slef };

fn header(policy: &secure_http::ContentSecurityPolicy) -> &str {
    policy.as_str()
}

fn main() {
    let local: secure_http::ContentSecurityPolicy = secure_http::csp! { img-src: data, };
    let syntax = secure_http::csp! { img-src: self example.com };
    assert!(!header(&POLICY).is_empty());
    assert!(local.needs_nonce() || syntax.directives().is_empty());
}

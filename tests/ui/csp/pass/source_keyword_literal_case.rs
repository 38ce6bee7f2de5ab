//! Keywords in header syntax ignore case, as browsers do, and print lowercase.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "'SELF'" "'Unsafe-Eval'"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'self' 'unsafe-eval'"
    );
}

//! `frame-ancestors: none`, the replacement for `X-Frame-Options: DENY`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    frame-ancestors: none
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "frame-ancestors 'none'"
    );
}

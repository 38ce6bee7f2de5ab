//! Lint levels come first, as in the token form, then the string.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(
    #![allow(bypass_host, self_in_script_src)]
    "object-src 'none'; script-src 'self' https://ajax.googleapis.com"
);

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "object-src 'none'; script-src 'self' https://ajax.googleapis.com"
    );
}

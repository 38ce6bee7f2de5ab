//! A finding about something missing points where its lint was denied, as in the token form,
//! and the fix is spelled in header syntax.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(
    #![deny(missing_base_uri)]
    "script-src 'nonce'; object-src 'none'"
);

fn main() {
    let _ = POLICY.as_str();
}

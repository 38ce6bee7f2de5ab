//! `*.` with nothing after it is not a host, and `*` (which allows every host) is not the fix.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: *.
};

fn main() {
    let _ = POLICY.as_str();
}

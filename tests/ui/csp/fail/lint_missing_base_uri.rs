//! A finding of `missing_base_uri` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(missing_base_uri)]
    object-src: none,
    script-src: nonce strict-dynamic
};

fn main() {
    let _ = POLICY.as_str();
}

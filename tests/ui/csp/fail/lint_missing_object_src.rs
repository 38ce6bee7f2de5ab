//! A finding of `missing_object_src` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(missing_object_src)]
    script-src: nonce strict-dynamic,
    base-uri: none
};

fn main() {
    let _ = POLICY.as_str();
}

//! A finding of `self_in_script_src` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(self_in_script_src)]
    default-src: none,
    script-src: self
};

fn main() {
    let _ = POLICY.as_str();
}

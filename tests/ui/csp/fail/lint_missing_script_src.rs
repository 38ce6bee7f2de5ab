//! A finding of `missing_script_src` (denied explicitly) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![deny(missing_script_src)]
    img-src: self,
    object-src: none
};

fn main() {
    let _ = POLICY.as_str();
}

//! `*`: any URL except data:, blob: and filesystem:.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: *
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "img-src *"
    );
}

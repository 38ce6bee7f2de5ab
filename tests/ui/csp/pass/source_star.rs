//! `*`: any URL except data:, blob: and filesystem:.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: *
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "img-src *"
    );
}

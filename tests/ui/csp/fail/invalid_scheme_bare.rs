//! A bare scheme with an underscore.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: my_scheme:
};

fn main() {
    let _ = POLICY.as_str();
}

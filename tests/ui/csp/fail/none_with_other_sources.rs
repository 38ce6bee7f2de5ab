//! `none` together with other sources.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: none self
};

fn main() {
    let _ = POLICY.as_str();
}

//! A quoted keyword other than `allow-duplicates` and `none` in `trusted-types`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    trusted-types: "'self'"
};

fn main() {
    let _ = POLICY.as_str();
}

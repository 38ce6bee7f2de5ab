//! A preset after a directive.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self,
    ..default,
};

fn main() {
    let _ = POLICY.as_str();
}

//! A preset that does not exist.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    ..paranoid
};

fn main() {
    let _ = POLICY.as_str();
}

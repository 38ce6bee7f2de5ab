//! `sandbox` with one flag.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    sandbox: allow-scripts
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "sandbox allow-scripts"
    );
}

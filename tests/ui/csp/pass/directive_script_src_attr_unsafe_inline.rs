//! `script-src-attr: unsafe-inline`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src-attr: unsafe-inline
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src-attr 'unsafe-inline'"
    );
}

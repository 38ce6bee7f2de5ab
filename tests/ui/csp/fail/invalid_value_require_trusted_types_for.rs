//! `require-trusted-types-for` accepts only `script`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    require-trusted-types-for: style
};

fn main() {
    let _ = POLICY.as_str();
}

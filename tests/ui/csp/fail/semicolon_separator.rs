//! Directives are separated by commas in the macro.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self; img-src: data:
};

fn main() {
    let _ = POLICY.as_str();
}

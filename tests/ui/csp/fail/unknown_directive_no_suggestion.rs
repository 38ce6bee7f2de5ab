//! A name far from every directive.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self,
    frobnicate: self,
};

fn main() {
    let _ = POLICY.as_str();
}
